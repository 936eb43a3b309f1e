import { ADAPTER_NAMES } from '../../shared/catalog/catalog.schema.js';
import type { AdapterName } from '../../shared/catalog/catalog.schema.js';
import type { SourceAdapter } from './adapter.js';
import { foolfuukaAdapter } from './foolfuuka.adapter.js';
import { fourchanAdapter } from './fourchan.adapter.js';
import { lynxchanAdapter } from './lynxchan.adapter.js';
import { pastebinAdapter } from './pastebin.adapter.js';
import { vichanAdapter } from './vichan.adapter.js';
import { xenforoAdapter } from './xenforo.adapter.js';
import { createArchiveTodayAdapter } from './archive-today.adapter.js';
import type { AdapterLookup } from './archived-page.util.js';
import { doxbinAdapter } from './doxbin.adapter.js';
import { justpasteAdapter } from './justpaste.adapter.js';
import { pasteeeAdapter } from './pasteee.adapter.js';
import { psbdmpAdapter } from './psbdmp.adapter.js';
import { rentryAdapter } from './rentry.adapter.js';
import { searxngAdapter } from './searxng.adapter.js';
import { createWaybackAdapter } from './wayback.adapter.js';

/**
 * How the web-archive adapters reach the adapter of an archived page's software. Looked up at call
 * time, so the archive adapters never import this module (which imports them).
 */
const lookupAdapter: AdapterLookup = (name) => (Object.hasOwn(ADAPTERS, name) ? ADAPTERS[name] : undefined);

/** Every adapter name of the catalog schema must have an adapter here. */
const ADAPTERS: Readonly<Partial<Record<AdapterName, SourceAdapter>>> = {
  xenforo: xenforoAdapter,
  pastebin: pastebinAdapter,
  foolfuuka: foolfuukaAdapter,
  fourchan: fourchanAdapter,
  vichan: vichanAdapter,
  lynxchan: lynxchanAdapter,
  psbdmp: psbdmpAdapter,
  doxbin: doxbinAdapter,
  rentry: rentryAdapter,
  pasteee: pasteeeAdapter,
  justpaste: justpasteAdapter,
  wayback: createWaybackAdapter(lookupAdapter),
  'archive-today': createArchiveTodayAdapter(lookupAdapter),
  searxng: searxngAdapter,
};

/** The adapter for a catalog entry's `adapter` field; an unknown name is a configuration error, not a fallback. */
export function getAdapter(name: AdapterName): SourceAdapter {
  const adapter = Object.hasOwn(ADAPTERS, name) ? ADAPTERS[name] : undefined;
  if (!adapter)
    throw new Error(`unknown source adapter "${String(name)}" (known: ${ADAPTER_NAMES.join(', ')})`);
  return adapter;
}
