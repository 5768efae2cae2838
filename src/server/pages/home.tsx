import { registerPage } from "../page.js";
import type { ServerFeature } from "../server-env.js";

/** The start page: who is signed in, and where to go. */
export const homeFeature: ServerFeature = {
  name: "home",
  register(app, context) {
    registerPage(app, context, {
      path: "/",
      load: async (c) => ({
        user: c.get("user"),
        pages: c.get("nav").filter((entry) => entry.href !== "/"),
      }),
      title: () => "Dashboard",
      render: (data) => (
        <div class="card">
          <p>
            Signed in as <strong>{data.user.name}</strong> ({data.user.role}).
          </p>
          <ul>
            {data.pages.map((entry) => (
              <li>
                <a href={entry.href}>{entry.label}</a>
              </li>
            ))}
          </ul>
        </div>
      ),
    });
  },
};
