/**
 * The demo persona ("Sorrel Quistgarde", `demoProfile`) on the paste/dox sites and the archives: a few
 * pastes per site that expose her, near misses (traps) a matcher must leave alone, pages about nobody,
 * and other invented people's data that a report may only show masked. Nothing here is real: phones
 * are in the 555-01xx block, emails on example.com/.org, IPs in documentation ranges.
 *
 * Ground truth is written out by hand (`pasteExpectations`), not computed; the integration test
 * checks it against what each replica serves and each adapter reads. Persona identifiers only appear
 * written exactly, in another case or Unicode-folded (fullwidth, accents), as in `demo.persona.ts`:
 * obfuscated forms are not seeded, so a simple matcher and the real one agree on every post.
 */
import type { ArchiveTodayMementoSeed } from '../archive-today.replica.js';
import type { DoxbinPasteSeed } from '../doxbin.replica.js';
import type { JustpasteArticleSeed } from '../justpaste.replica.js';
import { doxbinSlug } from '../doxbin.replica.js';
import type { PasteeeSeed } from '../pasteee.replica.js';
import type { PsbdmpDumpSeed } from '../psbdmp.replica.js';
import { renderRentryPage } from '../rentry.replica.js';
import type { RentryPageSeed } from '../rentry.replica.js';
import type { SearxngEntrySeed } from '../searxng.replica.js';
import { captureFrom } from '../wayback.replica.js';
import type { WaybackCaptureSeed } from '../wayback.replica.js';
import { createXenforoReplica } from '../xenforo.replica.js';
import type { ForumSeed } from '../xenforo.replica.js';
import { demoForum } from './demo.persona.js';
import type { ExpectedFinding } from './demo.persona.js';

// ---- psbdmp: dumps of Pastebin pastes, found by a handle search over their text ------------------------

export const psbdmpDumps: PsbdmpDumpSeed[] = [
  {
    id: 'Vd3Rm8Qa',
    time: '2026-09-21 03:14:00',
    tags: 'email,phone',
    content: [
      '-------------------------------------------',
      '  moth artist dox (repost, synthetic demo)',
      '-------------------------------------------',
      'handles : mothlantern | Sorrel_Draws',
      'name    : Sorrel Quistgarde',
      'email   : sorrelq.commissions@example.org',
      'phone   : +1 503-555-0167',
      'address : 72 Brackenfold Lane, Wickerby, OR 97999',
      'dob     : 1994-11-03',
      'ip      : 198.51.100.61',
      '',
      'roommate: Ottilie Fenwright  503-555-0112',
      '',
    ].join('\n'),
  },
  {
    id: 'Ln6Ks2Pw',
    time: '2026-09-02 18:40:00',
    tags: '',
    content:
      'Autumn sketch giveaway - entrants\n1. quiet_heron\n2. MothLantern\n3. pebblefrond (@sorrel_draws retweeted)\n4. fern.and.filament\nwinner drawn friday\n',
  },
  {
    // Trap: the search for "mothlantern" finds it (a substring), but no identifier is in it.
    id: 'Gq9Zt4Hb',
    time: '2026-08-19 11:05:00',
    tags: 'email',
    content:
      'moth-themed shops list (synthetic)\n- mothlanterns lamp co, lamps.example.com\n- Sorrel Quistgaard ceramics, orders: sorrelq.commissions@example.net\n- Linnea Brightwater, 503-555-0183\n',
  },
  {
    // Noise no handle search returns.
    id: 'Yc1Fe7Nu',
    time: '2026-08-01 09:00:00',
    tags: 'phone',
    content: 'grocery run: oat milk, lamp oil\ncall Corvin Ashdale 503-555-0191 about the van\n',
  },
];

// ---- Doxbin: dox pastes, found by a handle search over their titles ------------------------------------

const doxbinDox: DoxbinPasteSeed = {
  title: 'mothlantern (Sorrel Quistgarde)',
  author: 'SyntheticPoster07',
  added: 'Sep 22nd, 2026',
  views: 318,
  comments: 4,
  body: [
    '  SYNTHETIC DEMO DOCUMENT - NOT A REAL PERSON',
    '',
    '  Aliases:    mothlantern, Sorrel_Draws',
    '  Name:       Sorrel Quistgarde',
    '  DOB:        1994-11-03',
    '  Email:      SorrelQ.Commissions@example.org',
    '  Phone:      +1 (503) 555-0167',
    '  Address:    72 Brackenfold Lane, Wickerby, OR 97999',
    '  IP:         192.0.2.140',
    '',
    '  Household:',
    '    Ottilie Fenwright (roommate) - 503-555-0112',
  ].join('\n'),
};

const doxbinReceipts: DoxbinPasteSeed = {
  title: 'Sorrel_Draws art theft receipts',
  author: 'GlassHammer22',
  added: 'Oct 1st, 2026',
  views: 97,
  comments: 1,
  body: 'collected receipts, do with it what you want\nthe raffle certificate reads Sörrel Quistgärde\nsame brush pack sold twice, see screenshots 1-4',
};

const doxbinLampShop: DoxbinPasteSeed = {
  title: 'mothlanterns of Fernhollow (lamp shop)',
  author: 'LampLiker',
  added: 'Aug 30th, 2026',
  views: 12,
  comments: 0,
  body: 'Lamp shop run by Sorrel Brindlecombe.\nOrders: shop@lamps.example.com or 503-555-0139\nNot the artist, stop emailing them.',
};

export const doxbinPastes: DoxbinPasteSeed[] = [
  doxbinDox,
  doxbinReceipts,
  doxbinLampShop,
  {
    title: 'How to Ensure Your Paste Stays Up',
    author: 'admin',
    added: 'Jan 1st, 2026',
    views: 9001,
    comments: 0,
    body: 'Follow the rules. No CP, no pastes about site staff.',
  },
  {
    title: 'Corvin Ashdale',
    author: 'SyntheticPoster07',
    added: 'Jul 14th, 2026',
    views: 40,
    comments: 0,
    body: 'Name: Corvin Ashdale\nEmail: corvin.ashdale@example.com\nPhone: 503-555-0191\nIP: 203.0.113.88',
  },
];

// ---- rentry: pages at handle slugs --------------------------------------------------------------------

const rentryMasterpost: RentryPageSeed = {
  slug: 'mothlantern',
  markdown: [
    '# mothlantern masterpost',
    '',
    '> compiled for the thread. **synthetic demo page**',
    '',
    '## who',
    '- handle: `mothlantern` (also Sorrel_Draws)',
    '- name: **Sorrel Quistgarde**',
    '- commissions: sorrelq.commissions@example.org',
    '',
    '## contact',
    '- text line: 503-555-0167',
    '- shares a studio with Ottilie Fenwright',
  ].join('\n'),
};

/** Deleted from rentry; only the Wayback Machine still has it. */
const rentryOldSheet: RentryPageSeed = {
  slug: 'mothlantern-old',
  markdown: [
    '# mothlantern commission sheet (old)',
    '',
    '- email: sorrelq.commissions@example.org',
    '- studio: 72 Brackenfold Lane, Wickerby, OR 97999',
    '- turnaround two weeks',
  ].join('\n'),
};

export const rentryPages: RentryPageSeed[] = [
  rentryMasterpost,
  // Trap: the page at the second handle's slug is a parody account's, one letter off.
  {
    slug: 'sorrel_draws',
    markdown:
      '# Sorrel_Drawz parody comics\n\n- fan page, not affiliated with anyone\n- new strip every friday',
  },
  { slug: 'lampwick-recipes', markdown: '# lampwick recipes\n\n- beeswax, cotton wick, patience' },
];

// ---- paste.ee: the recent list, every paste matched locally -------------------------------------------

export const pasteeePastes: PasteeeSeed[] = [
  {
    id: 'Mq4tZ',
    description: 'commission drama',
    createdAt: '2026-10-04 20:11:00',
    sections: [
      {
        name: 'notes',
        syntax: 'text',
        contents:
          "Sorrel_Draws still owes me a refund.\nSORREL QUISTGARDE on the invoice, so it's definitely her.",
      },
    ],
  },
  {
    id: 'Kq7mF',
    description: 'giveaway copy',
    createdAt: '2026-10-04 19:02:00',
    sections: [
      {
        name: 'New Paste',
        syntax: 'text',
        contents: 'ｍｏｔｈｌａｎｔｅｒｎ commissions open!\nwrite to sorrelq.commissions@example.org',
      },
    ],
  },
  {
    id: 'Pw8kD',
    description: 'bakery pickup',
    createdAt: '2026-10-04 18:30:00',
    sections: [
      {
        name: 'orders',
        syntax: 'text',
        contents: 'Sorrel Brindlecombe, sorrelq.commissions@example.com\nref mothlantorn\npickup friday',
      },
    ],
  },
  {
    id: 'Hn2xR',
    description: '',
    createdAt: '2026-10-04 18:00:00',
    sections: [
      { name: 'lantern.py', syntax: 'python', contents: "for i in range(3):\n    print('lantern', i)" },
    ],
  },
  {
    id: 'Tz5vB',
    description: 'found him',
    createdAt: '2026-10-04 17:45:00',
    sections: [
      {
        name: 'New Paste',
        syntax: 'text',
        contents: 'Corvin Ashdale\ncorvin.ashdale@example.com\n503-555-0191\n203.0.113.88',
      },
    ],
  },
];

// ---- Wayback Machine: captures of the forum's threads and of rentry pages -------------------------------

/** The forum as the archive saw it: a post since deleted from the live forum is still in the capture. */
export const archivedForum: ForumSeed = {
  ...demoForum,
  threads: demoForum.threads.map((thread) =>
    thread.threadId !== 81201
      ? thread
      : {
          ...thread,
          pages: thread.pages.map((page, i) =>
            i !== 1
              ? page
              : [
                  ...page,
                  {
                    postId: '7310012',
                    author: 'GravelGhoul',
                    postedAt: '2026-09-19T23:50:00Z',
                    html: 'mothlantern studio address before the mods nuke it: 72 Brackenfold Lane, Wickerby, OR 97999',
                  },
                ],
          ),
        },
  ),
};

/** The host the archived forum pages were captured from: the real site's, as the shipped catalog expects. */
export const ARCHIVED_FORUM_ORIGIN = 'https://kiwifarms.st';
/** The forum's former domain (an alias in the catalog): older captures live under it. */
export const FORMER_FORUM_ORIGIN = 'https://kiwifarms.net';

/**
 * A thread the forum ran on its former domain and deleted before it moved: only the archive has it,
 * under the old host. Its first page was captured twice (edited in between), its second page once, so a
 * CDX search of the old host for the handle pages through three captures.
 */
const formerForum: ForumSeed = {
  siteName: 'Replica Farms',
  memberIds: demoForum.memberIds,
  threads: [
    {
      threadId: 61377,
      slug: 'sorrel_draws-moth-prints-again',
      title: 'Sorrel_Draws moth prints again',
      forum: { nodeId: 44, slug: 'art-creators', title: 'Art & Creators' },
      pages: [
        [
          {
            postId: '6120001',
            author: 'GravelGhoul',
            postedAt: '2025-03-02T18:00:00Z',
            html: 'Sorrel_Draws is selling the moth prints again, same shop as last spring.',
          },
          {
            postId: '6120002',
            author: 'KettleMarshal',
            postedAt: '2025-03-02T18:40:00Z',
            html: 'Nobody cares about prints. Lock this.',
          },
        ],
        [
          {
            postId: '6120003',
            author: 'TeapotTyrant',
            postedAt: '2025-03-03T09:15:00Z',
            html: 'Thread is dead, moving on.',
          },
        ],
      ],
    },
  ],
};
export const ARCHIVED_RENTRY_ORIGIN = 'https://rentry.co';

const capturedChallenge =
  '<!DOCTYPE html><html id="sssg" lang="en"><head><meta charset="utf-8"><title>Just a moment</title></head>' +
  '<body data-sssg-challenge="0000" data-sssg-difficulty="18"><p>Checking your browser.</p></body></html>';

/** Built on first use: rendering the forum pages is cheap, but a module import should not do it. */
export function waybackCaptures(): WaybackCaptureSeed[] {
  const forum = createXenforoReplica(archivedForum);
  const forumPage = (path: string): string => {
    const answer = captureFrom(forum, `${ARCHIVED_FORUM_ORIGIN}${path}`);
    if (answer.status !== 200) throw new Error(`archived forum page ${path} answered ${answer.status}`);
    return answer.body;
  };
  const moth = '/threads/mothlantern-sorrel_draws-the-moth-artist.81201/';
  const page1 = forumPage(moth);
  const html = 'text/html';
  const former = createXenforoReplica(formerForum);
  const formerPage = (path: string): string => {
    const answer = captureFrom(former, `${FORMER_FORUM_ORIGIN}${path}`);
    if (answer.status !== 200)
      throw new Error(`archived former-domain page ${path} answered ${answer.status}`);
    return answer.body;
  };
  const old = '/threads/sorrel_draws-moth-prints-again.61377/';
  return [
    {
      original: `${FORMER_FORUM_ORIGIN}${old}`,
      timestamp: '20250302190000',
      statuscode: '200',
      mimetype: html,
      digest: 'WBDEMOFORMERPAGE1EARLYHHHHHHHHHH',
      body: formerPage(old).replace('same shop as last spring.', 'same shop.'),
    },
    {
      original: `${FORMER_FORUM_ORIGIN}${old}`,
      timestamp: '20250304120000',
      statuscode: '200',
      mimetype: html,
      digest: 'WBDEMOFORMERPAGE1IIIIIIIIIIIIIII',
      body: formerPage(old),
    },
    {
      original: `${FORMER_FORUM_ORIGIN}${old}page-2`,
      timestamp: '20250304120500',
      statuscode: '200',
      mimetype: html,
      digest: 'WBDEMOFORMERPAGE2JJJJJJJJJJJJJJJ',
      body: formerPage(`${old}page-2`),
    },
    {
      original: `${ARCHIVED_FORUM_ORIGIN}${moth}`,
      timestamp: '20260916093000',
      statuscode: '200',
      mimetype: html,
      digest: 'WBDEMOPAGE1AAAAAAAAAAAAAAAAAAAAA',
      body: page1,
    },
    // The same bytes captured again: collapsed by digest.
    {
      original: `${ARCHIVED_FORUM_ORIGIN}${moth}`,
      timestamp: '20261001120000',
      statuscode: '200',
      mimetype: html,
      digest: 'WBDEMOPAGE1AAAAAAAAAAAAAAAAAAAAA',
      body: page1,
    },
    {
      original: `${ARCHIVED_FORUM_ORIGIN}${moth}page-2`,
      timestamp: '20260920101500',
      statuscode: '200',
      mimetype: html,
      digest: 'WBDEMOPAGE2BBBBBBBBBBBBBBBBBBBBB',
      body: forumPage(`${moth}page-2`),
    },
    // The archive's crawler met the forum's challenge: a capture that is not the page.
    {
      original: `${ARCHIVED_FORUM_ORIGIN}${moth}page-2`,
      timestamp: '20261012083010',
      statuscode: '203',
      mimetype: html,
      digest: 'WBDEMOCHALLENGECCCCCCCCCCCCCCCCC',
      body: capturedChallenge,
    },
    // Threads whose address holds no handle: CDX cannot find them by handle (a known blind spot).
    {
      original: `${ARCHIVED_FORUM_ORIGIN}/threads/wickerby-art-fair-drama.81377/`,
      timestamp: '20261003100000',
      statuscode: '200',
      mimetype: html,
      digest: 'WBDEMOFAIRDDDDDDDDDDDDDDDDDDDDDD',
      body: forumPage('/threads/wickerby-art-fair-drama.81377/'),
    },
    {
      original: `${ARCHIVED_FORUM_ORIGIN}/threads/favourite-tea-thread.80990/`,
      timestamp: '20260805000000',
      statuscode: '200',
      mimetype: html,
      digest: 'WBDEMOTEAEEEEEEEEEEEEEEEEEEEEEEE',
      body: forumPage('/threads/favourite-tea-thread.80990/'),
    },
    {
      original: `${ARCHIVED_RENTRY_ORIGIN}/mothlantern-old`,
      timestamp: '20260801000000',
      statuscode: '200',
      mimetype: html,
      digest: 'WBDEMORENTRYOLDFFFFFFFFFFFFFFFFF',
      body: renderRentryPage(rentryOldSheet),
    },
    {
      original: `${ARCHIVED_RENTRY_ORIGIN}/mothlantern`,
      timestamp: '20261005000000',
      statuscode: '200',
      mimetype: html,
      digest: 'WBDEMORENTRYGGGGGGGGGGGGGGGGGGGG',
      body: renderRentryPage(rentryMasterpost),
    },
  ];
}

// ---- JustPaste.it and archive.today: nothing about the persona -----------------------------------------

/** No article at either handle: the handle lookups answer 404 ("empty"). */
export const justpasteArticles: JustpasteArticleSeed[] = [
  {
    name: 'lampwickguide',
    title: 'lampwick guide',
    paragraphs: ['Trim the wick to 5 mm before lighting.', 'Questions: wicks@lamps.example.com'],
  },
];

/**
 * archive.today has one snapshot, of a page no handle lookup asks about; its snapshot pages answer with
 * the CAPTCHA interstitial.
 */
export const archiveTodayMementos: ArchiveTodayMementoSeed[] = [
  { original: 'https://rentry.co/lampwick-recipes', timestamp: '20260901120000' },
];

// ---- SearXNG: web-search hits on the other replicas, and on hosts no source owns ---------------------

export const searxngIndex: SearxngEntrySeed[] = [
  {
    sourceId: 'kiwifarms',
    path: '/threads/mothlantern-sorrel_draws-the-moth-artist.81201/',
    title: 'mothlantern / Sorrel_Draws - the moth artist | Replica Farms',
    content:
      'mothlantern (posts the same stuff as Sorrel_Draws on the other site) sells moth and lantern prints',
  },
  {
    sourceId: 'pastebin',
    path: '/Qm7Lp2Xa',
    title: 'moth artist info - Pastebin.com',
    content: '[+] Handles ..... mothlantern / Sorrel_Draws',
  },
  {
    sourceId: 'doxbin',
    path: `/upload/${doxbinSlug(doxbinDox.title)}`,
    title: `${doxbinDox.title} - Doxbin`,
    content: 'Aliases: mothlantern, Sorrel_Draws',
  },
  {
    sourceId: 'rentry',
    path: '/mothlantern',
    title: 'mothlantern masterpost - rentry',
    content: 'handle: mothlantern (also Sorrel_Draws)',
  },
  {
    sourceId: 'pasteee',
    path: '/p/Mq4tZ',
    title: 'commission drama - Paste.ee',
    content: 'Sorrel_Draws still owes me a refund.',
  },
  // Off the searched site (engines do not always honour `site:`), on hosts no source owns.
  {
    url: 'https://blog.example.com/2026/moth-lamps',
    title: 'mothlantern lamp review',
    content: 'a review of a moth lamp',
    ignoresSite: true,
  },
  {
    url: 'https://social.example.org/@Sorrel_Draws',
    title: 'Sorrel_Draws on social.example.org',
    content: 'moth art and lantern studies',
    ignoresSite: true,
  },
];

// ---- ground truth ---------------------------------------------------------------------------------------

const doxId = doxbinSlug(doxbinDox.title);
const receiptsId = doxbinSlug(doxbinReceipts.title);

/**
 * Every post of these sources holding at least one of the persona's handles, name or email (exactly,
 * in another case, or Unicode-folded), with exactly those identifier ids. Archived posts carry their
 * original host in front of the post id, as the archive adapters write them.
 */
export const pasteExpectations: ExpectedFinding[] = [
  { sourceId: 'psbdmp', postId: 'Vd3Rm8Qa', identifierIds: ['h1', 'h2', 'n1', 'e1'] },
  { sourceId: 'psbdmp', postId: 'Ln6Ks2Pw', identifierIds: ['h1', 'h2'] },
  { sourceId: 'doxbin', postId: doxId, identifierIds: ['h1', 'h2', 'n1', 'e1'] },
  { sourceId: 'doxbin', postId: receiptsId, identifierIds: ['h2', 'n1'] },
  { sourceId: 'rentry', postId: 'mothlantern', identifierIds: ['h1', 'h2', 'n1', 'e1'] },
  { sourceId: 'pasteee', postId: 'Mq4tZ', identifierIds: ['h2', 'n1'] },
  { sourceId: 'pasteee', postId: 'Kq7mF', identifierIds: ['h1', 'e1'] },
  { sourceId: 'wayback', postId: 'kiwifarms.st:7310001', identifierIds: ['h1', 'h2', 'n1'] },
  { sourceId: 'wayback', postId: 'kiwifarms.st:7310002', identifierIds: ['n1', 'e1'] },
  { sourceId: 'wayback', postId: 'kiwifarms.st:7310005', identifierIds: ['h1', 'n1'] },
  { sourceId: 'wayback', postId: 'kiwifarms.st:7310006', identifierIds: ['n1'] },
  { sourceId: 'wayback', postId: 'kiwifarms.st:7310008', identifierIds: ['h2'] },
  { sourceId: 'wayback', postId: 'kiwifarms.st:7310012', identifierIds: ['h1'] },
  { sourceId: 'wayback', postId: 'rentry.co:mothlantern', identifierIds: ['h1', 'h2', 'n1', 'e1'] },
  { sourceId: 'wayback', postId: 'rentry.co:mothlantern-old', identifierIds: ['h1', 'e1'] },
  // Under the forum's former domain: found by asking the archive about the catalog's alias.
  { sourceId: 'wayback', postId: 'kiwifarms.net:6120001', identifierIds: ['h2'] },
];

/** The persona's phone, address and date of birth where seeded; always in posts listed above. */
export const pasteDeeperExposures: ExpectedFinding[] = [
  { sourceId: 'psbdmp', postId: 'Vd3Rm8Qa', identifierIds: ['t1', 'a1', 'd1'] },
  { sourceId: 'doxbin', postId: doxId, identifierIds: ['t1', 'a1', 'd1'] },
  { sourceId: 'rentry', postId: 'mothlantern', identifierIds: ['t1'] },
  { sourceId: 'wayback', postId: 'kiwifarms.st:7310005', identifierIds: ['t1'] },
  { sourceId: 'wayback', postId: 'kiwifarms.st:7310008', identifierIds: ['a1'] },
  { sourceId: 'wayback', postId: 'kiwifarms.st:7310012', identifierIds: ['a1'] },
  { sourceId: 'wayback', postId: 'rentry.co:mothlantern', identifierIds: ['t1'] },
  { sourceId: 'wayback', postId: 'rentry.co:mothlantern-old', identifierIds: ['a1'] },
];

/** Fetched by a scan and holding only near misses: a letter off, a plural, another surname, a wrong domain. */
export const pasteTrapPostIds: string[] = [
  'Gq9Zt4Hb',
  doxbinSlug(doxbinLampShop.title),
  'sorrel_draws',
  'Pw8kD',
  'kiwifarms.st:7310003',
  'kiwifarms.st:7310007',
];

/** Other people's data on pages a scan fetches; a report may only ever show these masked. */
export const pasteDecoyValues: string[] = [
  'Ottilie Fenwright',
  '503-555-0112',
  '198.51.100.61',
  '192.0.2.140',
  'Linnea Brightwater',
  '503-555-0183',
  'shop@lamps.example.com',
  '503-555-0139',
  'Corvin Ashdale',
  'corvin.ashdale@example.com',
  '503-555-0191',
  '203.0.113.88',
];
