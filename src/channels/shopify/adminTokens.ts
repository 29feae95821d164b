// SHOPIFY_ACCESS_TOKENS, parsed without other imports (the settings schema reads it).

/** Access tokens of the Shopify channels (SHOPIFY_ACCESS_TOKENS), by the channel's secretName or code. */
export type ShopifyAccessTokens = Readonly<Record<string, string>>;

/** `name=token,name2=token2` -> tokens by name. Throws naming the bad entry, never its token. */
export function parseShopifyAccessTokens(text: string): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const [i, entry] of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .entries()) {
    const eq = entry.indexOf('=');
    const name = eq > 0 ? entry.slice(0, eq).trim() : '';
    const token = eq > 0 ? entry.slice(eq + 1).trim() : '';
    if (!/^[a-z0-9][a-z0-9_-]{0,31}$/.test(name) || token === '') throw new Error(`entry ${i + 1} must be "<channel or secret name>=<access token>"`);
    if (Object.prototype.hasOwnProperty.call(tokens, name)) throw new Error(`${name} is listed twice`);
    tokens[name] = token;
  }
  return tokens;
}
