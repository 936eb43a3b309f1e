import type { Severity } from '../domain/severity.js';
import type { FindingDetail } from '../domain/scan.js';

/**
 * One finding per post: a web archive's copy of a post is the same exposure as the post itself, so
 * it is folded into it ("also archived on …") instead of counted again. Archive adapters name a
 * copied post `<original host>:<post id>`; the host tells which source of the scan the original
 * belongs to (its address or an alias). Copies of a post whose original was not read fold together.
 */
export interface PlacedFinding {
  id: string;
  pageId: string;
  sourceId: string;
  severity: Severity;
  trust: 'hostile' | 'neutral';
  placeKind: 'site' | 'archive' | 'search';
  detail: FindingDetail;
}

export interface FoldSource {
  id: string;
  placeKind: 'site' | 'archive' | 'search';
  hosts: readonly string[];
}

export interface FoldedFinding {
  primary: PlacedFinding;
  copies: PlacedFinding[];
}

export function foldArchivedCopies(findings: PlacedFinding[], sources: FoldSource[]): FoldedFinding[] {
  const sourceOfHost = new Map<string, string>();
  for (const source of sources) {
    if (source.placeKind !== 'site') continue;
    for (const host of source.hosts) if (!sourceOfHost.has(host)) sourceOfHost.set(host, source.id);
  }
  const groups = new Map<string, PlacedFinding[]>();
  for (const finding of findings) {
    const key = postKey(finding, sourceOfHost);
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.values()].map((group) => {
    // The live post leads; among copies only, the one read first.
    const ordered = [...group].sort(
      (a, b) =>
        Number(a.placeKind !== 'site') - Number(b.placeKind !== 'site') ||
        a.detail.fetchedAt.localeCompare(b.detail.fetchedAt) ||
        a.id.localeCompare(b.id),
    );
    return { primary: ordered[0]!, copies: ordered.slice(1) };
  });
}

function postKey(finding: PlacedFinding, sourceOfHost: ReadonlyMap<string, string>): string {
  const own = `${finding.sourceId}\u0000${finding.detail.postId}`;
  if (finding.placeKind !== 'archive' || !finding.detail.postId.includes(':')) return own;
  const { host, post } = splitArchivedPostId(finding.detail.postId, sourceOfHost);
  const owner = sourceOfHost.get(host);
  return owner ? `${owner}\u0000${post}` : `archive:${host}\u0000${post}`;
}

/**
 * `kiwifarms.st:7310001` → host and post. A host may carry a port (`127.0.0.1:8080:7310001`): a
 * known host is looked for first, then the text up to the first colon is taken as the host.
 */
function splitArchivedPostId(
  postId: string,
  known: ReadonlyMap<string, string>,
): { host: string; post: string } {
  for (let at = postId.indexOf(':'); at > 0; at = postId.indexOf(':', at + 1)) {
    const host = postId.slice(0, at);
    if (known.has(host)) return { host, post: postId.slice(at + 1) };
  }
  const first = postId.indexOf(':');
  return { host: postId.slice(0, first), post: postId.slice(first + 1) };
}
