/** What a dashboard user may do, lowest first: each role may do everything the roles before it may. */
export const roles = ["viewer", "reviewer", "approver", "admin"] as const;

export type Role = (typeof roles)[number];

/** Who is signed in: the name decisions are recorded under, and the role that bounds what they may do. */
export interface ServerUser {
  name: string;
  role: Role;
}

/** Whether `have` may do what needs `need`. */
export function hasRole(have: Role, need: Role): boolean {
  return roles.indexOf(have) >= roles.indexOf(need);
}
