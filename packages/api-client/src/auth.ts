/**
 * Bearer tokens come from the host (Pro Santé Connect / e-CPS session). The client asks for one
 * before each request and once more, with `forceRefresh`, after a 401.
 */
export interface TokenRequest {
  forceRefresh: boolean;
}

export type GetToken = (request: TokenRequest) => Promise<string | null | undefined> | string | null | undefined;

export async function authorizationHeader(getToken: GetToken | undefined, forceRefresh: boolean): Promise<string | undefined> {
  if (!getToken) return undefined;
  const token = await getToken({ forceRefresh });
  return token ? `Bearer ${token}` : undefined;
}
