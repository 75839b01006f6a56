import { html, type SafeHtml } from '../html.js';

/** What a `selectField` adds to a plain list of values. */
export interface SelectExtras {
  /** Starts with an empty "Choose…" option and requires another: the form means nothing without one. */
  choose?: boolean;
  /** More attributes of the select element (for the script), starting with a space. */
  attributes?: SafeHtml;
}

/** A labelled select of plain values (each option's text is its value), with `selected` chosen. */
export function selectField(id: string, label: string, name: string, values: readonly string[], selected: string | undefined, extras: SelectExtras = {}): SafeHtml {
  return html`<div><label for="${id}">${label}</label><select id="${id}" name="${name}"${extras.choose ? html` required` : ''}${extras.attributes}>${
    extras.choose ? html`<option value=""${selected ? '' : html` selected`}>Choose…</option>` : ''
  }${values.map((v) => html`<option${v === selected ? html` selected` : ''}>${v}</option>`)}</select></div>`;
}
