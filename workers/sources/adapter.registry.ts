import { ADAPTER_NAMES } from '../../shared/catalog/catalog.schema.js';
import type { AdapterName } from '../../shared/catalog/catalog.schema.js';
import type { SourceAdapter } from './adapter.js';
import { foolfuukaAdapter } from './foolfuuka.adapter.js';
import { fourchanAdapter } from './fourchan.adapter.js';
import { lynxchanAdapter } from './lynxchan.adapter.js';
import { pastebinAdapter } from './pastebin.adapter.js';
import { vichanAdapter } from './vichan.adapter.js';
import { xenforoAdapter } from './xenforo.adapter.js';

/** Every adapter name of the catalog schema must have an adapter here. */
const ADAPTERS: Readonly<Partial<Record<AdapterName, SourceAdapter>>> = {
  xenforo: xenforoAdapter,
  pastebin: pastebinAdapter,
  foolfuuka: foolfuukaAdapter,
  fourchan: fourchanAdapter,
  vichan: vichanAdapter,
  lynxchan: lynxchanAdapter,
};

/** The adapter for a catalog entry's `adapter` field; an unknown name is a configuration error, not a fallback. */
export function getAdapter(name: AdapterName): SourceAdapter {
  const adapter = Object.hasOwn(ADAPTERS, name) ? ADAPTERS[name] : undefined;
  if (!adapter) throw new Error(`unknown source adapter "${String(name)}" (known: ${ADAPTER_NAMES.join(', ')})`);
  return adapter;
}
