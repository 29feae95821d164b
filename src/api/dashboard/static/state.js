import { $, el } from './dom.js';

/** What the page keeps between refreshes: the hub's dashboard settings and the release notes being typed. */
export const state = { config: null, loading: false, again: false, notes: new Map() };

export function channelFilter() {
  return $('channel').value.trim();
}

export function temporalLink(workflowId) {
  const cfg = state.config;
  if (!cfg || !/^https?:\/\//i.test(cfg.temporalUiUrl)) return el('span', { class: 'muted' }, workflowId);
  const href = `${cfg.temporalUiUrl}/namespaces/${encodeURIComponent(cfg.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return el('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'temporal-link', title: 'Open in the Temporal UI' }, workflowId);
}
