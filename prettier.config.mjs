// Chosen to match the style the code was written in (docs/development.md): single quotes,
// trailing commas, parenthesised arrow parameters, and long lines. 180 columns changed the
// fewest files and about the fewest lines of the widths measured (120 to 200).
/** @type {import('prettier').Config} */
export default {
  printWidth: 180,
  singleQuote: true,
  trailingComma: 'all',
  arrowParens: 'always',
  // YAML (docker-compose.yml) is written with double quotes.
  overrides: [{ files: ['*.yml', '*.yaml'], options: { singleQuote: false } }],
};
