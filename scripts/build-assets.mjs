// Copy GOV.UK Frontend's script, images and manifest into static/dist/ (run by `npm run build`).
// The font files are left out on purpose: the GDS Transport typeface is licensed only for
// gov.uk domains, and application.scss sets Arial instead.
import { cpSync, mkdirSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const frontend = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const dist = join(root, "static", "dist");
const notFonts = (source) => !source.split(sep).includes("fonts");

mkdirSync(join(dist, "govuk"), { recursive: true });
cpSync(join(frontend, "govuk-frontend.min.js"), join(dist, "govuk-frontend.min.js"));
cpSync(join(frontend, "assets"), join(dist, "govuk", "assets"), { recursive: true, filter: notFonts });
console.log("Copied GOV.UK Frontend script and assets (no fonts) to static/dist/");

// GOV.UK's accessible-autocomplete: the searchable selects (static/js/autocomplete.js).
const autocomplete = join(root, "node_modules", "accessible-autocomplete", "dist");
mkdirSync(join(dist, "accessible-autocomplete"), { recursive: true });
// With their source maps: the production static storage follows the sourceMappingURL comments.
for (const file of [
  "accessible-autocomplete.min.js",
  "accessible-autocomplete.min.js.map",
  "accessible-autocomplete.min.css",
  "accessible-autocomplete.min.css.map",
]) {
  cpSync(join(autocomplete, file), join(dist, "accessible-autocomplete", file));
}
console.log("Copied accessible-autocomplete to static/dist/accessible-autocomplete/");
