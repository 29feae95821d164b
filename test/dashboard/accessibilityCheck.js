// Run in the page by test/dashboard/console.ts (page.evaluate): an expression whose value is the
// list of problems: form controls without a label, visible text below WCAG AA contrast.
(() => {
  const problems = [];
  for (const input of document.querySelectorAll('input, select, textarea')) {
    if (input.type !== 'hidden' && (input.labels ? input.labels.length : 0) === 0 && !input.getAttribute('aria-label')) problems.push(`no label: ${input.outerHTML.slice(0, 80)}`);
  }
  const rgb = (text) => (text.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const ch = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  const background = (node) => {
    for (let n = node; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const owner = n.parentElement;
    if (!owner || seen.has(owner) || !n.textContent.trim()) continue;
    seen.add(owner);
    const style = getComputedStyle(owner);
    if (owner.closest('[hidden], dialog:not([open])') || style.visibility === 'hidden' || owner.disabled) continue;
    const [l1, l2] = [lum(rgb(style.color).slice(0, 3)), lum(background(owner))].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 18.66 || (size >= 14 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)}: "${n.textContent.trim().slice(0, 40)}"`);
  }
  return problems;
})();
