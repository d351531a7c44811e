// What a member key looks like (`sbk_` and 43 base64url characters), apart from the code that stores them,
// so clients and the gateway's front door can tell one without loading the team database's code.
export const MEMBER_KEY_PREFIX = "sbk_";

export function looksLikeMemberKey(value: string | undefined): value is string {
  return value?.startsWith(MEMBER_KEY_PREFIX) === true;
}
