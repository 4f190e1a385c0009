// Build the web page into marsad/api/static (committed, so `pip install` alone serves it).
// Usage: npm ci && npm run build. No network: world-atlas outlines are bundled from node_modules.
import { build } from "esbuild";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";

const OUT = new URL("../marsad/api/static/", import.meta.url);

await mkdir(OUT, { recursive: true });
await build({
  entryPoints: ["src/main.js"],
  bundle: true,
  format: "esm",
  minify: true,
  target: ["es2020"],
  legalComments: "none",
  outfile: new URL("app.js", OUT).pathname,
  logLevel: "warning",
});
await copyFile("src/index.html", new URL("index.html", OUT));
await copyFile("src/style.css", new URL("app.css", OUT));
// Third-party notices for what the bundle contains.
const pkg = JSON.parse(await readFile("package.json", "utf8"));
const notices = [];
for (const name of Object.keys(pkg.dependencies)) {
  const meta = JSON.parse(await readFile(`node_modules/${name}/package.json`, "utf8"));
  const licence = await readFile(`node_modules/${name}/LICENSE`, "utf8").catch(() => meta.license || "");
  notices.push(`${name} ${meta.version}\n${"-".repeat(40)}\n${licence.trim()}\n`);
}
await writeFile(new URL("THIRD_PARTY_NOTICES.txt", OUT), notices.join("\n"));
console.log("built", OUT.pathname);
