import { assetPaths } from "../assets/assets.js";

/** The page a browser without a session gets (401): why, and how to sign in. */
export async function signInPage(why: string): Promise<string> {
  const page = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>Reins: sign in</title>
        <link rel="stylesheet" href={assetPaths.style} />
        <link rel="icon" href={assetPaths.icon} type="image/svg+xml" />
      </head>
      <body>
        <main class="sign-in">
          <h1>Reins</h1>
          <p>{`${why.charAt(0).toUpperCase()}${why.slice(1)}.`}</p>
          <p>
            Open the address <code>reins serve</code> printed (it carries <code>?token=…</code>), or paste
            your token:
          </p>
          <form method="get" action="/">
            <label>
              Token <input type="password" name="token" autocomplete="off" required />
            </label>{" "}
            <button type="submit">Sign in</button>
          </form>
        </main>
      </body>
    </html>
  );
  return `<!doctype html>${await page.toString()}`;
}
