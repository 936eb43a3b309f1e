/**
 * What a person can do about each finding, place by place, in the report's own words. The facts
 * behind it (which sites publish complaints, what search engines and archives accept, what hosts do
 * with a report, what the police need) were checked on ADVICE_REVIEWED_ON; the report prints that
 * date so a reader knows how fresh the advice is.
 *
 * Prefilled requests carry the links and the dates of the posts and nothing else personal: the
 * person adds only what a request needs, and only where it is safe to.
 */
import type { RemovalRoute } from '../catalog/catalog.schema.js';
import type { IdentifierKind } from '../domain/identifier.js';
import type { Severity } from '../domain/severity.js';
import type { NextStep, NextStepKind } from './report.schema.js';

export const ADVICE_REVIEWED_ON = '2026-12-07';

export const GOOGLE_PERSONAL_INFO_FORM = 'https://support.google.com/websearch/answer/9673730';

/** What the advice needs to know about one finding. */
export interface AdviceFacts {
  sourceName: string;
  trust: 'hostile' | 'neutral';
  /** `site`: the place itself; `archive`: a web archive's copy; `search`: a search engine's result. */
  placeKind: 'site' | 'archive' | 'search';
  /** Which archive, for archive copies. */
  archive?: 'wayback' | 'archive-today';
  removalRoute: RemovalRoute;
  severity: Severity;
  kinds: ReadonlySet<IdentifierKind>;
  /** The post's link and its archived copies' links, and when each was read. */
  links: Array<{ url: string; fetchedAt: string }>;
  archivedCopies: Array<{
    sourceName: string;
    archive?: 'wayback' | 'archive-today';
    url: string;
    fetchedAt: string;
  }>;
  /** The post only holds possible namesakes: a name whose page says it is somebody else's. */
  namesakeOnly?: boolean;
}

const CONTACT_DETAILS: ReadonlySet<IdentifierKind> = new Set(['address', 'phone', 'email']);

export function stepsForFinding(facts: AdviceFacts): NextStep[] {
  // Nothing to take down until the person knows the post is about them.
  if (facts.namesakeOnly) return [namesakeStep()];
  const steps: NextStep[] = [];
  const urgent = facts.severity === 'critical' || facts.severity === 'high';

  if (facts.placeKind === 'site') {
    if (facts.removalRoute.contactSite === 'never') {
      steps.push({
        kind: 'do-not-contact-site',
        title: `Don't write to the staff of ${facts.sourceName}`,
        text: `${facts.sourceName} publishes complaints it receives or exists to post this kind of page, and it does not take such posts down. A message from you would likely be posted and draw more attention. The routes below go around the site instead.`,
      });
    } else if (facts.removalRoute.contactSite === 'report-button') {
      steps.push({
        kind: 'report-post',
        title: "Use the post's own report button",
        text: `${facts.sourceName} acts on reports made with the report control next to each post, and its rules forbid posting personal information. You do not need to write anything about yourself: choose the option for personal information and submit. Threads on imageboards expire quickly, so save the evidence first.`,
        minutes: 5,
      });
    }
    if (facts.trust === 'hostile') steps.push(hostStep(facts));
  }

  if (facts.placeKind === 'archive' || facts.archivedCopies.length > 0) {
    steps.push(...archiveSteps(facts));
  }

  if (facts.placeKind !== 'search') steps.push(delistingStep(facts, urgent));

  if ([...facts.kinds].some((kind) => CONTACT_DETAILS.has(kind) || kind === 'dob')) {
    steps.push(legalStep(facts));
  }
  if (urgent) steps.push(policeStep(facts));
  return steps;
}

function namesakeStep(): NextStep {
  return {
    kind: 'check-namesake',
    title: 'Check whether this post is about you',
    text: 'This post names someone with your name, but says things that do not fit you, so it may be about someone else. If it is, there is nothing to do. If it is you after all (an age from years ago, a town you lived in, a denial meant to mislead), treat it like the other posts in this report and scan again to see its level.',
    minutes: 5,
  };
}

function linkLines(facts: AdviceFacts): string[] {
  return facts.links.map((link) => `- ${link.url} (seen ${day(link.fetchedAt)})`);
}

function hostStep(facts: AdviceFacts): NextStep {
  return {
    kind: 'host-abuse',
    title: 'Report the page to the company that hosts or fronts the site',
    text: `The company that hosts ${facts.sourceName}, or the network in front of it, can act where the site will not. Find it from the site's address with an abuse-contact lookup (an advocate can help), and send the exact post links. Some companies, Cloudflare among them, only pass reports on to the host and to the site's operator.`,
    warning:
      "A report to a host or a network like Cloudflare may be forwarded to the people who run the site, with whatever you wrote in it. Use an advocate's contact details if you can, and put nothing in it that the site does not already show.",
    minutes: 20,
    request: {
      to: "the hosting provider's or network's abuse desk",
      subject: 'Personal information posted to harass a private person',
      body: [
        'Hello,',
        '',
        `The pages below, served through your network, publish a private person's personal information without consent and are used to harass them:`,
        ...linkLines(facts),
        '',
        'This breaks acceptable-use rules against harassment and the publication of personal information. Please act on these exact addresses.',
        'Please do not forward this message, or who sent it, to the site.',
        '',
        "[your name, or your advocate's name and organisation]",
      ].join('\n'),
    },
  };
}

function delistingStep(facts: AdviceFacts, urgent: boolean): NextStep {
  const contact = [...facts.kinds].some((kind) => CONTACT_DETAILS.has(kind));
  return {
    kind: 'search-delisting',
    title: 'Ask search engines to hide these links',
    text: contact
      ? "Google's form for removing personal information covers home addresses, phone numbers and e-mail addresses, and pages posted to harass (doxxing). It hides the link from search results; the page itself stays up. Bing removes results more narrowly: its content removal tool covers pages already deleted or changed."
      : "Google's personal-information form covers contact details and doxxing; pages that only name a handle usually do not qualify. It is worth a try where a page ties your handle to who you are. Removal from results hides the link; the page itself stays up.",
    url: GOOGLE_PERSONAL_INFO_FORM,
    minutes: urgent ? 15 : 10,
    request: {
      to: "Google's personal information removal form",
      subject: 'Removal of personal information posted to harass me',
      body: [
        'These pages publish my personal information without my consent and are used to harass me (doxxing):',
        ...linkLines(facts),
        ...facts.archivedCopies.map(
          (copy) => `- ${copy.url} (copy kept by ${copy.sourceName}, seen ${day(copy.fetchedAt)})`,
        ),
        '',
        'Please remove them from results for all searches.',
      ].join('\n'),
    },
  };
}

function archiveSteps(facts: AdviceFacts): NextStep[] {
  const copies =
    facts.placeKind === 'archive'
      ? [
          {
            sourceName: facts.sourceName,
            archive: facts.archive,
            url: facts.links[0]?.url ?? '',
            fetchedAt: facts.links[0]?.fetchedAt ?? '',
          },
          ...facts.archivedCopies,
        ]
      : facts.archivedCopies;
  const steps: NextStep[] = [];
  const wayback = copies.filter((copy) => copy.archive === 'wayback');
  const archiveToday = copies.filter((copy) => copy.archive === 'archive-today');
  if (wayback.length > 0) {
    steps.push({
      kind: 'archive-exclusion',
      title: 'Ask the Wayback Machine to exclude its copies',
      text: 'The Internet Archive reviews exclusion requests by hand and may refuse them; it has excluded harassment forums before. Send the exact addresses of the copies and say they publish your personal information to harass you.',
      minutes: 10,
      request: {
        to: 'the Internet Archive (info@archive.org)',
        subject: 'Request to exclude archived pages that dox a private person',
        body: [
          'Hello,',
          '',
          'The archived copies below publish my personal information without my consent. They were made from a site used to harass people, and they keep the information findable after the original posts are gone:',
          ...wayback.map((copy) => `- ${copy.url} (seen ${day(copy.fetchedAt)})`),
          '',
          'Please exclude them from the Wayback Machine.',
          '',
          "[your name, or your advocate's name and organisation]",
        ].join('\n'),
      },
    });
  }
  if (archiveToday.length > 0) {
    steps.push({
      kind: 'archive-exclusion',
      title: 'Expect archive.today to keep its copies',
      text: "archive.today rarely removes pages at a person's request; it acts mainly on requests from the authorities. Each copy has a report link you can try, but search-engine removal and evidence for the police are the more useful routes for these copies.",
    });
  }
  return steps;
}

function legalStep(facts: AdviceFacts): NextStep {
  return {
    kind: 'legal-letter',
    title: 'Use your data-protection rights, if you live in the EU or the UK',
    text: 'Under Article 17 of the GDPR (kept in UK law), you can ask a company to erase your personal data. It must answer within one month (extendable by two), and a refusal must tell you that you can complain to the data-protection authority or go to court. This works best with search engines and hosts based in or serving the EU and UK; offshore forums rarely answer. In the US there is no general right of erasure, but several states give doxxing victims the right to sue.',
    minutes: 20,
    request: {
      to: 'the data-protection contact of the search engine or host',
      subject: 'Request for erasure under Article 17 GDPR',
      body: [
        'Hello,',
        '',
        'I ask you to erase my personal data published at the addresses below, under Article 17 of the General Data Protection Regulation. It was published without my consent to harass me, and there is no legitimate ground to keep processing it:',
        ...linkLines(facts),
        '',
        'Please confirm the erasure within one month, as Article 12(3) requires. If you refuse, please give your reasons.',
        '',
        '[your name and a way to reach you]',
      ].join('\n'),
    },
  };
}

function policeStep(facts: AdviceFacts): NextStep {
  return {
    kind: 'police-evidence',
    title: 'Keep what the police would need',
    text: `If you report this, the police will want each post's address, the username and the date it shows, a full-page picture of it with the address visible, and a log of what happened when. The evidence pack of this scan holds a copy of ${facts.links.length === 1 ? 'this page' : 'these pages'} exactly as read, a picture of each, the time each was read (UTC) and a SHA-256 fingerprint of every file, so you do not have to visit the site yourself.`,
    minutes: 10,
  };
}

/** Steps for the situation as a whole, beside each finding's own. */
export function generalSteps(input: {
  severity: Severity | 'none';
  kinds: ReadonlySet<IdentifierKind>;
  incomplete: readonly string[];
  ranDirect: boolean;
  hasFindings: boolean;
}): NextStep[] {
  const steps: NextStep[] = [];
  if (input.severity === 'critical' || input.severity === 'high') {
    steps.push({
      kind: 'safety-first',
      title: input.kinds.has('address')
        ? 'Your home address is posted: make a safety plan today'
        : 'Make a safety plan today',
      text: "If you are in danger now, call your local emergency number. Turn off location sharing in your apps, tell someone you trust what this report shows, and let them help you go through it. Helplines such as Access Now's digital security helpline (for activists, journalists and civil society) can help you plan.",
      minutes: 15,
    });
  }
  if (input.hasFindings) {
    steps.push({
      kind: 'save-evidence',
      title: 'Save the evidence before anything is removed',
      text: 'Posts that are taken down are gone as evidence. Keep this report and its PDF, and make the evidence pack: it holds each page as it was read, a picture of it, the time and a fingerprint of every file. Do this before asking anyone to remove anything, and delete nothing yourself.',
      minutes: 10,
    });
    steps.push({
      kind: 'secure-accounts',
      title: 'Close the doors the pages point at',
      text: 'Turn on two-step sign-in for the accounts named in these pages and use a password manager. Where a phone number or an e-mail address is posted, consider a new one for new contacts. Warn the people close to you, and your employer if the pages name them: harassers often contact them next. Do not post their details back: it can make things worse and puts you at risk.',
      minutes: 30,
    });
  }
  if (input.incomplete.length > 0) {
    steps.push({
      kind: 'scan-again',
      title: 'Scan again for the places that could not be checked',
      text: `${input.incomplete.join(', ')} could not be checked completely this time. Sites block or slow down visitors from time to time; a scan in a few hours or days may get through. New posts appear too: scanning again every month is a good habit, and removed pages sometimes come back.`,
      minutes: 5,
    });
  }
  if (input.ranDirect) {
    steps.push({
      kind: 'scan-again',
      title: 'Use a proxy or Tor next time',
      text: 'This scan visited sites used for harassment without a proxy, so they could see the internet address it ran from. Next time, run it through Tor or another proxy.',
    });
  }
  return steps;
}

/** What skipping a first action means, by the kind of step it is. */
export const SKIP_NOTES: Partial<Record<NextStepKind, string>> = {
  'safety-first': 'You can skip this for now; the report will still be here.',
  'save-evidence':
    'Skipping is fine if you never plan to report this; you can still make the pack later while the scan is kept.',
  'search-delisting': 'Skip this if you would rather not file anything yet; each finding keeps its request.',
  'scan-again': 'You can skip this; just remember this scan is not an all-clear.',
};

/** The first action on search engines: start with the posts that reveal the most. */
export function firstDelistingStep(posts: number, urgent: boolean): NextStep {
  return {
    kind: 'search-delisting',
    title: urgent ? 'Ask search engines to hide the worst links' : 'Ask search engines to hide the links',
    text: `Each finding below has a prefilled request for Google's personal-information removal form. Start with the ${posts === 1 ? 'most serious post' : `${posts} most serious posts`}.`,
    url: GOOGLE_PERSONAL_INFO_FORM,
    minutes: 15,
  };
}

/** The day of an ISO time, as a request quotes it. */
function day(iso: string): string {
  return iso.slice(0, 10);
}
