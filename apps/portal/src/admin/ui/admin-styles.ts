/** Source of `/admin/assets/admin.css`. */
export const ADMIN_STYLES = `
:root { --ink: #1d2733; --muted: #5a6675; --line: #d5dbe3; --accent: #245b96; --bad: #b3261e; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.top { display: flex; gap: 16px; align-items: center; padding: 10px 20px; background: #fff; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; text-decoration: none; margin-right: auto; }
.who { color: var(--muted); }
.shell { display: flex; align-items: flex-start; }
nav ul { list-style: none; margin: 0; padding: 16px 0; }
.shell > nav { width: 250px; flex: none; }
.shell > nav a { display: block; padding: 6px 20px; text-decoration: none; }
.shell > nav a[aria-current="page"] { font-weight: 700; border-left: 4px solid var(--accent); padding-left: 16px; background: #fff; }
main { flex: 1; padding: 16px 28px 40px; max-width: 1100px; }
main.narrow { max-width: 420px; margin: 60px auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
h1 { font-size: 1.5rem; margin: 0.2rem 0 1rem; }
h2 { font-size: 1.15rem; }
.crumbs { color: var(--muted); margin: 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 4px 18px 16px; margin: 16px 0; }
.field { margin: 12px 0; display: flex; flex-direction: column; gap: 4px; max-width: 640px; }
.field label { font-weight: 600; }
.hint { color: var(--muted); margin: 0; font-size: 0.9em; }
.error { color: var(--bad); margin: 0; min-height: 0; font-weight: 600; }
.error:empty { display: none; }
input, select, textarea { font: inherit; padding: 6px 8px; border: 1px solid #9aa5b1; border-radius: 4px; background: #fff; }
[aria-invalid="true"] { border-color: var(--bad); box-shadow: 0 0 0 1px var(--bad); }
textarea { min-height: 5em; }
.check { display: flex; gap: 8px; align-items: center; margin: 6px 0; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; padding: 8px 14px; }
fieldset.algorithms { display: flex; gap: 16px; flex-wrap: wrap; align-items: center; }
button { font: inherit; padding: 7px 16px; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button.link { background: none; border: none; color: var(--accent); text-decoration: underline; padding: 2px 4px; }
button:disabled { opacity: 0.6; cursor: default; }
.status { min-height: 1.5em; }
.status.bad { color: var(--bad); font-weight: 600; }
table { border-collapse: collapse; width: 100%; background: #fff; margin: 12px 0; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; }
.filters .field { margin: 0; }
.pager { display: flex; gap: 16px; align-items: center; }
.reasons li { margin-bottom: 12px; }
.reasons p { margin: 2px 0; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px; margin: 0; }
.chart text { fill: var(--ink); }
progress { width: 320px; height: 18px; }
code { background: #eef1f5; padding: 1px 4px; border-radius: 3px; word-break: break-all; }
`;
