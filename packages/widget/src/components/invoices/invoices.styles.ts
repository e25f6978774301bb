import { css } from 'lit';

// Every public custom property is read once into a private `--_` variable, so the dark theme
// can swap defaults while a host's own `--billfold-*` values still win in both themes.
export const invoicesStyles = css`
  :host {
    --_font: var(--billfold-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
    --_font-size: var(--billfold-font-size, 0.9375rem);
    --_text: var(--billfold-color-text, #1b1f29);
    --_muted: var(--billfold-color-muted, #555d6e);
    --_background: var(--billfold-color-background, #ffffff);
    --_surface: var(--billfold-color-surface, #f4f5f8);
    --_border: var(--billfold-color-border, #d5d8e0);
    --_accent: var(--billfold-color-accent, #1f5bd8);
    --_on-accent: var(--billfold-color-on-accent, #ffffff);
    --_danger: var(--billfold-color-danger, #b3261e);
    --_success: var(--billfold-color-success, #1d6b3a);
    --_radius: var(--billfold-radius, 6px);
    --_space: var(--billfold-spacing, 0.75rem);
    --_focus: var(--billfold-focus-ring, 0 0 0 2px var(--_background), 0 0 0 4px var(--_accent));

    display: block;
    container-type: inline-size;
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.45;
    color: var(--_text);
    background: var(--_background);
    color-scheme: light;
  }

  :host([hidden]) {
    display: none;
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_text: var(--billfold-color-text, #e7e9ef);
      --_muted: var(--billfold-color-muted, #a6adbd);
      --_background: var(--billfold-color-background, #14171f);
      --_surface: var(--billfold-color-surface, #1d212c);
      --_border: var(--billfold-color-border, #363c4c);
      --_accent: var(--billfold-color-accent, #8fb3ff);
      --_on-accent: var(--billfold-color-on-accent, #0b1530);
      --_danger: var(--billfold-color-danger, #ffb4ab);
      --_success: var(--billfold-color-success, #8fd9a8);
      color-scheme: dark;
    }
  }

  :host([theme='dark']) {
    --_text: var(--billfold-color-text, #e7e9ef);
    --_muted: var(--billfold-color-muted, #a6adbd);
    --_background: var(--billfold-color-background, #14171f);
    --_surface: var(--billfold-color-surface, #1d212c);
    --_border: var(--billfold-color-border, #363c4c);
    --_accent: var(--billfold-color-accent, #8fb3ff);
    --_on-accent: var(--billfold-color-on-accent, #0b1530);
    --_danger: var(--billfold-color-danger, #ffb4ab);
    --_success: var(--billfold-color-success, #8fd9a8);
    color-scheme: dark;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  .base {
    padding: var(--_space);
  }

  .view {
    display: grid;
    gap: var(--_space);
  }

  h2,
  h3 {
    margin: 0;
    font-size: 1.125rem;
    line-height: 1.3;
  }

  h3 {
    font-size: 1rem;
  }

  h2:focus {
    outline: none;
  }

  h2:focus-visible {
    box-shadow: var(--_focus);
    border-radius: var(--_radius);
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }

  .filter {
    display: inline-flex;
    margin: 0;
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }

  .filter legend {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }

  .segment {
    position: relative;
  }

  .segment input {
    position: absolute;
    inset: 0;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }

  .segment span {
    display: block;
    padding: 0.35rem 0.9rem;
  }

  .segment + .segment span {
    border-left: 1px solid var(--_border);
  }

  .segment input:checked + span {
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }

  .segment input:focus-visible + span {
    outline: 2px solid var(--_on-accent);
    outline-offset: -4px;
  }

  .segment input:focus-visible:not(:checked) + span {
    outline-color: var(--_accent);
  }

  .scroll {
    overflow-x: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .scroll:focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }

  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }

  caption {
    padding: calc(var(--_space) / 2) var(--_space);
    text-align: start;
    font-weight: 600;
    color: var(--_muted);
  }

  th,
  td {
    padding: calc(var(--_space) / 2) var(--_space);
    border-top: 1px solid var(--_border);
    text-align: start;
    white-space: nowrap;
    vertical-align: middle;
  }

  thead th {
    background: var(--_surface);
    font-weight: 600;
  }

  tbody th {
    font-weight: 400;
  }

  /* The invoice number stays in view while a narrow table scrolls sideways. */
  tr > :first-child {
    position: sticky;
    left: 0;
    z-index: 1;
    background: var(--_background);
  }

  thead tr > :first-child {
    background: var(--_surface);
  }

  .num {
    text-align: end;
  }

  button {
    font: inherit;
    color: inherit;
  }

  button:focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }

  .sort {
    display: inline-flex;
    gap: 0.25rem;
    align-items: center;
    padding: 0;
    border: 0;
    background: none;
    font-weight: 600;
    cursor: pointer;
    border-radius: 2px;
  }

  .arrow {
    display: inline-block;
    min-width: 0.75em;
    font-size: 0.75em;
  }

  .link {
    padding: 0;
    border: 0;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 2px;
    cursor: pointer;
    border-radius: 2px;
  }

  .button {
    padding: 0.45rem 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    cursor: pointer;
  }

  .button.primary {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }

  .button.ghost {
    justify-self: start;
    border-color: transparent;
    background: none;
    padding-inline: 0;
    color: var(--_accent);
  }

  .button[aria-disabled='true'] {
    opacity: 0.65;
    cursor: progress;
  }

  .badge {
    display: inline-block;
    padding: 0.05rem 0.5rem;
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: 0.8125rem;
    font-weight: 600;
  }

  .badge.open {
    color: var(--_accent);
  }

  .badge.paid {
    color: var(--_success);
  }

  .badge.overdue {
    color: var(--_danger);
  }

  .footer,
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }

  .actions {
    justify-content: start;
  }

  .muted {
    color: var(--_muted);
  }

  .error-text {
    color: var(--_danger);
  }

  .state {
    display: grid;
    justify-items: start;
    gap: calc(var(--_space) / 2);
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  .state p {
    margin: 0;
  }

  .state-title {
    font-weight: 600;
  }

  details summary {
    cursor: pointer;
    color: var(--_muted);
  }

  dl {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
    gap: calc(var(--_space) / 2) var(--_space);
    margin: 0;
  }

  dt {
    color: var(--_muted);
    font-size: 0.8125rem;
  }

  dd {
    margin: 0;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  .skeleton {
    display: block;
    height: 0.9rem;
    min-width: 4rem;
    border-radius: var(--_radius);
    background: var(--_surface);
    animation: pulse 1.2s ease-in-out infinite;
  }

  .skeleton.wide {
    width: 100%;
    height: 2rem;
  }

  @keyframes pulse {
    50% {
      opacity: 0.4;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  @container (max-width: 30rem) {
    .base {
      padding: calc(var(--_space) / 2);
    }

    th,
    td {
      padding-inline: calc(var(--_space) / 2);
    }
  }
`;
