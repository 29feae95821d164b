// orderhub operations dashboard (plain browser JavaScript modules, no build step). Every value from
// the API reaches the page as a text node or an attribute value, never as HTML.

export const $ = (id) => document.getElementById(id);

/** Builds an element; string children become text nodes, so data is never parsed as HTML. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function show(id, message) {
  const node = $(id);
  node.textContent = message || '';
  node.hidden = !message;
}
