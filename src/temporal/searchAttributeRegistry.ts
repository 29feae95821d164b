import { Connection } from '@temporalio/client';
import { clientConnectionOptions, probeTls, type TemporalTarget } from './connection';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { orderSearchAttributes } from '../workflows/searchAttributes';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
const indexedType: Record<string, number> = {
  [SearchAttributeType.KEYWORD]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.KEYWORD_LIST]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  [SearchAttributeType.TEXT]: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.INT]: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DOUBLE]: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.BOOL]: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.DATETIME]: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/**
 * Registers the order search attributes the namespace lacks. The dev server's start flags only
 * register them in a fresh database; a `.data/temporal.sqlite` from an older release would miss
 * newer ones, and a workflow upserting an unknown attribute fails its task. Returns what was added.
 */
export async function ensureSearchAttributes(target: TemporalTarget | string, namespace: string): Promise<string[]> {
  if (typeof target !== 'string') await probeTls(target);
  const connection = await Connection.connect(clientConnectionOptions(target));
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const known = new Set(Object.keys({ ...existing.customAttributes, ...existing.systemAttributes }));
    const missing = orderSearchAttributes.filter((key) => !known.has(key.name));
    if (missing.length > 0) {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedType[key.type]])),
      });
    }
    return missing.map((key) => key.name);
  } finally {
    await connection.close();
  }
}
