import { Fragment, type ComponentChildren, type VNode } from 'preact';
import type { Severity } from '../domain/severity.js';
import { highlightRuns } from './highlight.js';
import type { NextStep, Report, ReportFinding, ReportMatch } from './report.schema.js';
import {
  countWords,
  COVERAGE_LABELS,
  dateInWords,
  dateTimeInWords,
  listInWords,
  matchMethodInWords,
  minutesInWords,
  REMEDIATION_LABELS,
  SCAN_STATUS_LABELS,
  SEVERITIES_MOST_SEVERE_FIRST,
  SEVERITY_LABELS,
} from './report.words.js';

/**
 * The report as preact components, rendered to strings on the server (no script ever runs in them).
 * The standalone file, the PDF and the web UI all use these: the options say how a finding's content
 * is revealed and let the web UI add its own controls. Text and attributes are escaped by preact.
 *
 * What a post says is hidden until the person asks for it: reading the posts about you is hard, and
 * the first screen should tell them what matters (how bad, what to do first) without making them
 * read it.
 */

export type RevealMode =
  /** The standalone file: each finding's content inside a closed `<details>`, no script needed. */
  | { kind: 'details' }
  /** The web UI: content shown for the findings the person revealed, a form button for the others. */
  | {
      kind: 'app';
      revealed: ReadonlySet<string>;
      /** Where a finding's reveal form posts to. */
      revealAction(findingId: string): string;
      /** Hidden fields sent with every reveal form (the web UI's CSRF token goes here). */
      formFields?: Readonly<Record<string, string>>;
    };

export interface ReportViewOptions {
  reveal: RevealMode;
  /** Everything shown, requests unfolded: for the PDF, which is printed and cannot be clicked open. */
  revealAll?: boolean;
  /** The web UI's own controls under each finding (its remediation-status form), or null for none. */
  findingControls?(finding: ReportFinding): VNode | null;
}

export interface ReportPageOptions extends ReportViewOptions {
  /** A link to a neutral page at the very top, for leaving quickly when someone walks in. */
  quickExitHref?: string;
}

/** The whole page's body: skip link, header, the report as `main`, and a footer. */
export function ReportPage({ report, options }: { report: Report; options: ReportPageOptions }) {
  return (
    <>
      <a class="skip-link" href="#report">
        Skip to the report
      </a>
      <header class="page-header">
        {options.quickExitHref ? (
          <p class="quick-exit">
            <a href={options.quickExitHref} rel="noreferrer noopener">
              Leave this page quickly
            </a>
          </p>
        ) : null}
        <h1>Your exposure report</h1>
        <p class="meta">
          Made {dateTimeInWords(report.generatedAt)} ·{' '}
          {report.scan.mode === 'local' ? 'scanned on this computer' : 'scanned by your organisation'}
        </p>
      </header>
      <main id="report" tabIndex={-1}>
        <ReportView report={report} options={options} />
      </main>
      <footer class="page-footer">
        <p>
          <strong>Keep this file private.</strong> It lists where your details are posted and quotes the
          posts. Store it where only you (and people you choose) can open it, and delete copies you no longer
          need.
        </p>
      </footer>
    </>
  );
}

/** The report's sections, for a page that has its own header, `main` and `h1` (headings start at h2). */
export function ReportView({ report, options }: { report: Report; options: ReportViewOptions }) {
  const context: ViewContext = {
    report,
    options,
    findingsById: new Map(report.findings.map((finding) => [finding.id, finding])),
    labelOf: new Map(report.identifiers.map((identifier) => [identifier.id, identifier.label])),
    notChecked: placesNotChecked(report),
  };
  return (
    <div class="report">
      <Verdict context={context} />
      <DoFirst context={context} />
      <ExposureTable context={context} />
      <Findings context={context} />
      <Coverage context={context} />
      <GeneralSteps context={context} />
      <About report={report} />
    </div>
  );
}

interface ViewContext {
  report: Report;
  options: ReportViewOptions;
  findingsById: ReadonlyMap<string, ReportFinding>;
  labelOf: ReadonlyMap<string, string>;
  notChecked: ReadonlyArray<{ name: string; coverage: keyof typeof COVERAGE_LABELS }>;
}

/**
 * The places not checked completely: the verdict's list, or the sources' own states if a report
 * carries none there, so an incomplete scan can never read as an all-clear.
 */
function placesNotChecked(report: Report): ViewContext['notChecked'] {
  if (report.verdict.notChecked.length > 0) return report.verdict.notChecked;
  return report.sources.filter((source) => source.coverage !== 'complete');
}

/** A fragment id safe in any HTML and URL: characters outside [A-Za-z0-9_-] written as their code. */
export function findingAnchor(findingId: string): string {
  return `finding-${findingId.replace(/[^A-Za-z0-9_-]/g, (c) => `.${c.codePointAt(0)!.toString(16)}`)}`;
}

function SeverityBadge({ severity }: { severity: Severity }) {
  return <span class={`badge sev-${severity}`}>{SEVERITY_LABELS[severity]}</span>;
}

/**
 * A link out of the report. Addresses come from pages strangers wrote, so only http(s) ones become
 * links: a `javascript:` or `data:` address would run in the report's own page when clicked (the
 * standalone file has no server to send a policy against that), and is shown as text instead.
 */
function ExternalLink({ href, children }: { href: string; children?: ComponentChildren }) {
  if (!isWebAddress(href)) return <span class="not-a-link">{children ?? href}</span>;
  return (
    <a href={href} rel="noreferrer noopener" class="external">
      {children ?? href}
    </a>
  );
}

function isWebAddress(href: string): boolean {
  try {
    const { protocol } = new URL(href);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// First screen: verdict, what to do first, and which detail is exposed where.

function Verdict({ context }: { context: ViewContext }) {
  const { verdict, scan } = context.report;
  return (
    <section class={`verdict verdict-${verdict.state}`} aria-labelledby="verdict-heading">
      <h2 id="verdict-heading">{verdict.headline}</h2>
      {verdict.severity !== 'none' ? (
        <p class="verdict-severity">
          Most serious finding: <SeverityBadge severity={verdict.severity} />
        </p>
      ) : null}
      <p>{verdict.explanation}</p>
      <NotCheckedNote context={context} />
      {verdict.state === 'in-progress' ? (
        <p class="callout">
          The scan has not finished yet. This report shows what has been read so far and will change.
        </p>
      ) : null}
      {scan.ranDirect ? (
        <p class="callout warning">
          <strong>Heads up:</strong> this scan visited sites used for harassment without a proxy, so they
          could see this computer's internet address. A scan through Tor or a VPN does not show it.
        </p>
      ) : null}
    </section>
  );
}

function NotCheckedNote({ context }: { context: ViewContext }) {
  const { notChecked, report } = context;
  const state = report.verdict.state;
  // With every place checked, the verdict's own explanation already says what a clean result covers.
  if (notChecked.length === 0) return null;
  const names = listInWords(
    notChecked.map((place) => `${place.name} (${COVERAGE_LABELS[place.coverage].toLowerCase()})`),
  );
  const count = countWords(notChecked.length, 'place');
  if (state === 'exposed') {
    return (
      <p class="callout not-checked">
        {count} could not be checked completely: {names}. There may be more posted there than this report
        shows.
      </p>
    );
  }
  // Said once: a verdict whose own words already say it needs no echo, any other gets it here.
  const saysNotAllClear = /not an all-clear/i.test(
    `${report.verdict.headline} ${report.verdict.explanation}`,
  );
  return (
    <p class="callout not-checked">
      {saysNotAllClear ? null : <strong>This is not an all-clear. </strong>}
      {count} could not be checked: {names}. We do not know what is posted there. Try scanning again later, or
      through a different connection.
    </p>
  );
}

/** A first step names the posts it is about; past a handful, a list of links is noise on the first screen. */
const FINDING_LINKS_PER_STEP = 5;

function DoFirst({ context }: { context: ViewContext }) {
  const steps = context.report.doFirst.slice(0, 3);
  if (steps.length === 0) return null;
  return (
    <section class="do-first" aria-labelledby="do-first-heading">
      <h2 id="do-first-heading">Do these first</h2>
      <p>
        Each one is optional. Do them in your own time, and skip any you are not ready for: the note under
        each says what skipping means.
      </p>
      <ol class="do-first-list">
        {steps.map((step) => {
          const findings = step.findingIds.flatMap((id) => {
            const finding = context.findingsById.get(id);
            return finding ? [finding] : [];
          });
          return (
            <li key={step.id}>
              <h3>{step.title}</h3>
              <p class="minutes">{minutesInWords(step.minutes)}</p>
              <p>{step.text}</p>
              <p class="skip-note">{step.skipNote}</p>
              {findings.length > 0 ? (
                <p class="for-findings">
                  For:{' '}
                  {findings.slice(0, FINDING_LINKS_PER_STEP).map((finding, index) => (
                    <Fragment key={finding.id}>
                      {index > 0 ? ', ' : ''}
                      <a href={`#${findingAnchor(finding.id)}`}>
                        {finding.place}, post {finding.postId}
                      </a>
                    </Fragment>
                  ))}
                  {findings.length > FINDING_LINKS_PER_STEP
                    ? `, and ${countWords(findings.length - FINDING_LINKS_PER_STEP, 'more post')} below`
                    : ''}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function ExposureTable({ context }: { context: ViewContext }) {
  const { identifiers } = context.report;
  const notFound =
    context.notChecked.length > 0
      ? `Not found in the places checked (${countWords(context.notChecked.length, 'place')} could not be checked)`
      : 'Not found in the places checked';
  return (
    <section aria-labelledby="exposed-where-heading">
      <h2 id="exposed-where-heading">What is exposed where</h2>
      <table class="exposed-where">
        <caption>
          Each detail you gave, and the places it was found in, most serious first. The number is how many
          posts there carry it.
        </caption>
        <thead>
          <tr>
            <th scope="col">Your detail</th>
            <th scope="col">Where it was found</th>
          </tr>
        </thead>
        <tbody>
          {identifiers.map((identifier) => (
            <tr key={identifier.id}>
              <th scope="row">
                {identifier.label}
                <span class="own-value">{identifier.value}</span>
              </th>
              <td>
                {identifier.foundOn.length === 0 ? (
                  <span class="not-found">{notFound}</span>
                ) : (
                  <ul class="plain found-on">
                    {SEVERITIES_MOST_SEVERE_FIRST.map((severity) => {
                      const places = identifier.foundOn.filter((place) => place.worstSeverity === severity);
                      if (places.length === 0) return null;
                      return (
                        <li key={severity}>
                          <SeverityBadge severity={severity} />{' '}
                          {places
                            .map((place) => `${place.sourceName} (${countWords(place.findings, 'post')})`)
                            .join(', ')}
                        </li>
                      );
                    })}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// The findings, most severe first, then by place.

function Findings({ context }: { context: ViewContext }) {
  const { report, options } = context;
  const groups = groupFindings(report.findings);
  return (
    <section aria-labelledby="findings-heading">
      <h2 id="findings-heading">What was found, post by post</h2>
      {report.findings.length > 0 ? (
        <p class="content-note" role="note">
          <strong>Before you read on:</strong> {report.contentNote}
        </p>
      ) : null}
      {report.findings.length > 0 && options.revealAll ? (
        <p>In this copy every post is shown in full, with the prefilled requests unfolded.</p>
      ) : null}
      {report.findings.length === 0 ? (
        <p>
          No posts naming you turned up in the places that were checked.
          {context.notChecked.length > 0
            ? ' Some places could not be checked: see the top of this report.'
            : ''}
        </p>
      ) : null}
      {groups.map(({ severity, places, count }) => (
        <section key={severity} class="severity-group" aria-labelledby={`severity-${severity}`}>
          <h3 id={`severity-${severity}`}>
            <SeverityBadge severity={severity} /> {countWords(count, 'post')}
          </h3>
          {places.map(({ place, findings }) => (
            <section key={place} class="place-group">
              <h4>{place}</h4>
              {findings.map((finding) => (
                <Finding key={finding.id} finding={finding} context={context} />
              ))}
            </section>
          ))}
        </section>
      ))}
    </section>
  );
}

interface SeverityGroup {
  severity: Severity;
  count: number;
  places: Array<{ place: string; findings: ReportFinding[] }>;
}

/** Severity groups, most severe first; places within a group in the order the report lists them. */
function groupFindings(findings: readonly ReportFinding[]): SeverityGroup[] {
  return SEVERITIES_MOST_SEVERE_FIRST.flatMap((severity) => {
    const ofSeverity = findings.filter((finding) => finding.severity === severity);
    if (ofSeverity.length === 0) return [];
    const places = new Map<string, ReportFinding[]>();
    for (const finding of ofSeverity) {
      places.set(finding.place, [...(places.get(finding.place) ?? []), finding]);
    }
    return [
      {
        severity,
        count: ofSeverity.length,
        places: [...places].map(([place, list]) => ({ place, findings: list })),
      },
    ];
  });
}

function Finding({ finding, context }: { finding: ReportFinding; context: ViewContext }) {
  const anchor = findingAnchor(finding.id);
  const headingId = `${anchor}-heading`;
  const labels = finding.identifierIds.map((id) => context.labelOf.get(id) ?? id);
  const controls = context.options.findingControls?.(finding) ?? null;
  return (
    <article id={anchor} class={`finding sev-${finding.severity}`} aria-labelledby={headingId}>
      <h5 id={headingId}>
        Post {finding.postId}
        {finding.author ? ` by ${finding.author}` : ''}
      </h5>
      <p class="severity-reason">
        <SeverityBadge severity={finding.severity} /> {finding.severityReason}
      </p>
      <p class="link-note">
        {finding.trust === 'hostile'
          ? `Opening the links below visits ${finding.place} itself, which sees your internet address. If you open them, use Tor Browser or a VPN, or ask someone you trust to look.`
          : `Opening the links below visits ${finding.place}.`}
      </p>
      <dl class="facts">
        <dt>Your details in it</dt>
        <dd>{listInWords(labels)}</dd>
        <dt>Where</dt>
        <dd>
          {finding.place}
          {finding.trust === 'hostile' ? ' (a site used for harassment)' : ''}
          {finding.doxShaped ? '; laid out like a dox' : ''}
        </dd>
        <dt>Post link</dt>
        <dd>
          <ExternalLink href={finding.permalink} />
        </dd>
        {finding.pageUrl !== finding.permalink ? (
          <>
            <dt>Page link</dt>
            <dd>
              <ExternalLink href={finding.pageUrl} />
            </dd>
          </>
        ) : null}
        {finding.author ? (
          <>
            <dt>Posted by</dt>
            <dd>{finding.author}</dd>
          </>
        ) : null}
        <dt>Copy saved</dt>
        <dd>{dateTimeInWords(finding.fetchedAt)}</dd>
        <dt>SHA-256 of the copy</dt>
        <dd>
          <code class="hash">{finding.contentSha256}</code>
        </dd>
        {finding.archivedCopies.length > 0 ? (
          <>
            <dt>Also archived on</dt>
            <dd>
              <ul class="plain">
                {finding.archivedCopies.map((copy) => (
                  <li key={copy.pageId}>
                    {copy.sourceName}: <ExternalLink href={copy.url} />
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>Status</dt>
        <dd>
          {REMEDIATION_LABELS[finding.remediation.status]}
          {finding.remediation.updatedAt ? ` (since ${dateTimeInWords(finding.remediation.updatedAt)})` : ''}
        </dd>
      </dl>
      <FindingContent finding={finding} context={context} headingId={headingId} />
      {finding.nextSteps.length > 0 ? (
        <div class="finding-steps">
          <p class="steps-heading">
            <strong>What you can do about this post</strong>
          </p>
          <ol class="steps">
            {finding.nextSteps.map((step, index) => (
              <Step key={index} step={step} unfold={context.options.revealAll === true} />
            ))}
          </ol>
        </div>
      ) : null}
      {controls ? <div class="finding-controls">{controls}</div> : null}
    </article>
  );
}

function FindingContent({
  finding,
  context,
  headingId,
}: {
  finding: ReportFinding;
  context: ViewContext;
  headingId: string;
}) {
  const { reveal, revealAll } = context.options;
  const content = <PostContent finding={finding} context={context} />;
  if (revealAll) return content;
  if (reveal.kind === 'details') {
    return (
      <details class="reveal">
        <summary>Show what this post says</summary>
        {content}
      </details>
    );
  }
  if (reveal.revealed.has(finding.id)) return content;
  return (
    <form class="reveal-form" method="post" action={reveal.revealAction(finding.id)}>
      {Object.entries(reveal.formFields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" aria-describedby={headingId}>
        Show what this post says
      </button>
    </form>
  );
}

/** The snippets (one per distinct window of the post) and other people's details, masked. */
function PostContent({ finding, context }: { finding: ReportFinding; context: ViewContext }) {
  return (
    <div class="post-content">
      {snippetsOf(finding.matches).map((snippet, index) => (
        <figure key={index} class="snippet">
          <blockquote>
            {highlightRuns(snippet.text, snippet.highlights).map((run, runIndex) =>
              run.highlighted ? <mark key={runIndex}>{run.text}</mark> : run.text,
            )}
          </blockquote>
          <figcaption>
            Your{' '}
            {listInWords(snippet.identifierIds.map((id) => context.labelOf.get(id) ?? id).map(lowerFirst))},{' '}
            {listInWords(snippet.methods.map(matchMethodInWords))}
          </figcaption>
        </figure>
      ))}
      {finding.otherPii.length > 0 ? (
        <p class="others">
          Other people's details in this post, masked:{' '}
          {finding.otherPii.map((pii, index) => (
            <Fragment key={index}>
              {index > 0 ? ', ' : ''}
              {pii.category} <code>{pii.masked}</code>
            </Fragment>
          ))}
        </p>
      ) : null}
    </div>
  );
}

interface Snippet {
  text: string;
  identifierIds: string[];
  methods: string[];
  highlights: Array<readonly [number, number]>;
}

/** Matches that quote the same window are one quote with all their highlights, not the same text twice. */
function snippetsOf(matches: readonly ReportMatch[]): Snippet[] {
  const byText = new Map<string, Snippet>();
  for (const match of matches) {
    const snippet = byText.get(match.snippet) ?? {
      text: match.snippet,
      identifierIds: [],
      methods: [],
      highlights: [],
    };
    if (!snippet.identifierIds.includes(match.identifierId)) snippet.identifierIds.push(match.identifierId);
    if (!snippet.methods.includes(match.method)) snippet.methods.push(match.method);
    snippet.highlights.push(...match.highlights);
    byText.set(match.snippet, snippet);
  }
  return [...byText.values()];
}

function lowerFirst(label: string): string {
  // "Email address" -> "email address"; labels that are acronyms ("IP") stay as they are.
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

// ---------------------------------------------------------------------------------------------
// Steps, coverage and what the report is.

function Step({ step, unfold }: { step: NextStep; unfold: boolean }) {
  return (
    <li class="step">
      <p class="step-title">
        <strong>{step.title}</strong>
        {step.minutes ? <span class="minutes"> · {minutesInWords(step.minutes)}</span> : null}
      </p>
      <p>{step.text}</p>
      {step.warning ? (
        <div class="callout warning" role="note">
          <p>
            <strong>Careful:</strong> {step.warning}
          </p>
        </div>
      ) : null}
      {step.url ? (
        <p>
          Where: <ExternalLink href={step.url} />
        </p>
      ) : null}
      {step.request ? (
        <details class="request" open={unfold}>
          <summary>Prefilled request to {step.request.to}</summary>
          <p>
            <strong>Subject:</strong> {step.request.subject}
          </p>
          <pre>{step.request.body}</pre>
        </details>
      ) : null}
    </li>
  );
}

function Coverage({ context }: { context: ViewContext }) {
  const { sources } = context.report;
  return (
    <section aria-labelledby="coverage-heading">
      <h2 id="coverage-heading">Where we looked</h2>
      <table class="coverage">
        <caption>Each place searched, and how completely it could be checked.</caption>
        <thead>
          <tr>
            <th scope="col">Place</th>
            <th scope="col">Result</th>
            <th scope="col">Why</th>
            <th scope="col">Searches run</th>
            <th scope="col">Pages read</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <tr key={source.id} class={`cov-${source.coverage}`}>
              <th scope="row">{source.name}</th>
              <td>{COVERAGE_LABELS[source.coverage]}</td>
              <td>{source.reason}</td>
              <td>
                {source.searches.done} of {source.searches.total}
              </td>
              <td>
                {source.pages.fetched} of {source.pages.total}
                {source.pages.failed > 0 ? ` (${source.pages.failed} failed)` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function GeneralSteps({ context }: { context: ViewContext }) {
  const steps = context.report.generalSteps;
  if (steps.length === 0) return null;
  return (
    <section aria-labelledby="general-steps-heading">
      <h2 id="general-steps-heading">Steps for your whole situation</h2>
      <ol class="steps">
        {steps.map((step, index) => (
          <Step key={index} step={step} unfold={context.options.revealAll === true} />
        ))}
      </ol>
    </section>
  );
}

function About({ report }: { report: Report }) {
  const { scan } = report;
  return (
    <section class="about" aria-labelledby="about-heading">
      <h2 id="about-heading">About this report</h2>
      <p>
        The advice and prefilled requests were last checked against the places' policies on{' '}
        {dateInWords(report.adviceReviewedOn)}. Policies change; if a step no longer fits, trust what the
        place says now.
      </p>
      <dl class="facts">
        <dt>Scan</dt>
        <dd>
          <code>{scan.id}</code>
        </dd>
        <dt>Status</dt>
        <dd>{SCAN_STATUS_LABELS[scan.status]}</dd>
        <dt>Started</dt>
        <dd>{dateTimeInWords(scan.createdAt)}</dd>
        <dt>Finished</dt>
        <dd>{scan.finishedAt ? dateTimeInWords(scan.finishedAt) : 'not yet'}</dd>
        <dt>Report made</dt>
        <dd>{dateTimeInWords(report.generatedAt)}</dd>
        <dt>Pages read</dt>
        <dd>{report.counts.pagesFetched}</dd>
        <dt>Version</dt>
        <dd>
          exposure-scanner {report.scannerVersion}, report format {report.reportVersion}
        </dd>
      </dl>
      <p>
        Other people's details found on these pages are shown only as masked categories. Each saved copy's
        SHA-256 lets anyone check later that the evidence was not changed.
      </p>
    </section>
  );
}
