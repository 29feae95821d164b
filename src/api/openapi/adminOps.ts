import { queueQuery } from '../fulfillment/router';
import { holdsQuery } from '../holds/router';
import { summaryQuery } from '../reports/router';
import { listVersionsQuery, previewSchema, putRulesSchema, restoreSchema, versionParams } from '../rules/schemas';
import { BODY_ERRORS, type Operation } from './registry';

const R = '/api/v1/rules';
/** What validateRuleSet (src/domain/rules/validate.ts) checks beyond each field's own shape. */
const RULE_SET_RULES =
  'A rule set is also a 400 naming the path when two rules share an id, when validFrom is after validTo, when a money value (an amount fact with its currency) has more decimals than that currency, or when conditions nest deeper than 32.';

export const adminOperations: Operation[] = [
  {
    operationId: 'getActiveRules',
    method: 'get',
    path: R,
    tag: 'rules',
    summary: 'The active (highest) rule set version',
    responses: [{ status: 200, description: 'The active version with its rules.', schema: 'RuleSet' }],
    errors: [],
  },
  {
    operationId: 'putRules',
    method: 'put',
    path: R,
    tag: 'rules',
    summary: 'Store a new rule set version (active for new orders)',
    description: `An invalid set is a 400 naming each path, e.g. body.rules.2.when.any.0.fact; nothing is stored. ${RULE_SET_RULES}`,
    body: { schema: putRulesSchema, name: 'PutRulesRequest' },
    responses: [{ status: 201, description: 'The new version.', schema: 'RuleSet' }],
    errors: [...BODY_ERRORS],
  },
  {
    operationId: 'listRuleVersions',
    method: 'get',
    path: `${R}/versions`,
    tag: 'rules',
    summary: 'Rule set versions, newest first, without their rules',
    query: listVersionsQuery,
    responses: [{ status: 200, description: 'Versions.', schema: 'RuleVersionList' }],
    errors: [400],
  },
  {
    operationId: 'getRuleVersion',
    method: 'get',
    path: `${R}/versions/:version`,
    tag: 'rules',
    summary: 'One rule set version with its rules',
    params: versionParams,
    responses: [{ status: 200, description: 'The version.', schema: 'RuleSet' }],
    errors: [400, 404],
  },
  {
    operationId: 'restoreRuleVersion',
    method: 'post',
    path: `${R}/versions/:version/restore`,
    tag: 'rules',
    summary: 'Store a copy of an old version as the newest, active one',
    description: "409 rules_no_longer_valid when the old version does not validate under today's rules engine.",
    params: versionParams,
    body: { schema: restoreSchema, name: 'RestoreRulesRequest' },
    responses: [{ status: 201, description: 'The new version.', schema: 'RuleSet' }],
    errors: [...BODY_ERRORS, 404, 409],
  },
  {
    operationId: 'previewRules',
    method: 'post',
    path: `${R}/preview`,
    tag: 'rules',
    summary: 'What the active (or given) rules decide for an order; nothing is stored',
    description: `${RULE_SET_RULES} The order is checked as in POST /api/v1/orders, except that its channel and SKUs need not exist.`,
    body: { schema: previewSchema, name: 'PreviewRulesRequest' },
    responses: [{ status: 200, description: 'Facts, risk and decision.', schema: 'RulePreview' }],
    errors: [...BODY_ERRORS],
  },
  {
    operationId: 'listHolds',
    method: 'get',
    path: '/api/v1/holds',
    tag: 'holds',
    summary: 'Holds with their order (open ones oldest first: the work queue)',
    query: holdsQuery,
    responses: [{ status: 200, description: 'Holds and counts per reason over every match.', schema: 'HoldList' }],
    errors: [400],
  },
  {
    operationId: 'getFulfillmentQueue',
    method: 'get',
    path: '/api/v1/fulfillment/queue',
    tag: 'fulfillment',
    summary: 'The pick list in priority order',
    query: queueQuery,
    responses: [{ status: 200, description: 'Orders to work on, first first.', schema: 'FulfillmentQueue' }],
    errors: [400],
  },
  {
    operationId: 'getSummaryReport',
    method: 'get',
    path: '/api/v1/reports/summary',
    tag: 'reports',
    summary: 'Order figures for a window [from, to) (default: the last 7 days)',
    description: 'from must be before to (to defaults to now, from to 7 days before to): otherwise a 400 naming query.from.',
    query: summaryQuery,
    responses: [{ status: 200, description: 'The report.', schema: 'SummaryReport' }],
    errors: [400],
  },
];
