/**
 * "Sorrel Quistgarde", the demo persona: an invented artist with invented handles, a reserved-range
 * phone, an example.org email and an invented street in an invented town. The forum and paste seeds
 * below expose her in known posts, hide near misses (traps) among them, and carry other invented
 * people's data that a report may only ever show masked.
 *
 * Ground truth is written out by hand (`demoExpectations`), not computed, so a test can compare a
 * scan with it; an integration test checks the list against the seed text itself.
 */
import type { PasteSeed } from '../pastebin.replica.js';
import { bbLink, bbQuote, bbSpoiler } from '../xenforo.replica.js';
import type { ForumSeed } from '../xenforo.replica.js';
import { secondForumThread, secondPastes } from './second.persona.js';

export const demoProfile = {
  persona: 'demo',
  identifiers: [
    { id: 'h1', kind: 'handle', value: 'mothlantern' },
    { id: 'h2', kind: 'handle', value: 'Sorrel_Draws' },
    { id: 'n1', kind: 'name', value: 'Sorrel Quistgarde' },
    { id: 'e1', kind: 'email', value: 'sorrelq.commissions@example.org' },
    { id: 't1', kind: 'phone', value: '+1 503-555-0167', region: 'US' },
    { id: 'a1', kind: 'address', value: '72 Brackenfold Lane, Wickerby, OR 97999' },
    { id: 'd1', kind: 'dob', value: '1994-11-03' },
  ],
} as const;

/** One finding a scan of the demo must produce: a post and the persona's identifiers in it. */
export interface ExpectedFinding {
  sourceId: string;
  postId: string;
  identifierIds: string[];
}

const memberIds: Record<string, number> = {
  GravelGhoul: 91004,
  TeapotTyrant: 91017,
  LurkingLinnet: 91023,
  QuietCormorant: 91056,
  NullLurker: 91102,
  KettleMarshal: 91140,
};

const mothThread = { threadId: 81201, slug: 'mothlantern-sorrel_draws-the-moth-artist' };

export const demoForum: ForumSeed = {
  siteName: 'Replica Farms',
  memberIds,
  threads: [
    {
      ...mothThread,
      title: 'mothlantern / Sorrel_Draws - the moth artist',
      forum: { nodeId: 44, slug: 'art-creators', title: 'Art & Creators' },
      pages: [
        [
          {
            postId: '7310001',
            author: 'GravelGhoul',
            postedAt: '2026-09-14T20:11:05Z',
            html:
              'mothlantern (posts the same stuff as <b>Sorrel_Draws</b> on the other site) sells moth and lantern prints and does paid sketch streams.<br />\n<br />\n' +
              'Real name is Sorrel Quistgarde, says so on an old raffle page.<br />\n<br />\n' +
              `Links: ${bbLink('https://art.example.org/mothlantern')}`,
          },
          {
            postId: '7310002',
            author: 'TeapotTyrant',
            postedAt: '2026-09-14T21:02:40Z',
            html:
              bbQuote(
                'GravelGhoul',
                91004,
                '7310001',
                'Real name is Sorrel Quistgarde, says so on an old raffle page.',
              ) + 'her commission inbox is sorrelq.commissions@example.org, it is in the shop footer',
          },
          {
            postId: '7310003',
            author: 'LurkingLinnet',
            postedAt: '2026-09-15T08:45:12Z',
            html:
              'careful, Sorrel Brindlecombe is a different person entirely, she runs the bakery two towns over.<br />\n' +
              'and the mothlantorn account on the art site is a fan page, not her.',
          },
          {
            postId: '7310004',
            author: 'KettleMarshal',
            postedAt: '2026-09-15T09:30:00Z',
            html: 'Reminder: receipts or it did not happen. Off-topic posts get moved to the tea thread.',
          },
          {
            postId: '7310005',
            author: 'TeapotTyrant',
            postedAt: '2026-09-15T22:14:51Z',
            html:
              'her stream overlay literally says SORREL QUISTGARDE in the corner lol<br />\n' +
              bbSpoiler('overlay text', 'ｍｏｔｈｌａｎｔｅｒｎ commissions — text 503-555-0167 for slots'),
          },
        ],
        [
          {
            postId: '7310006',
            author: 'QuietCormorant',
            postedAt: '2026-09-17T12:03:19Z',
            html:
              'the raffle certificate spells it Sörrel Quistgärde, fancy.<br />\n' +
              'her roommate is Bram Tallowby, (503) 555-0148, rook.tallow@example.com',
          },
          {
            postId: '7310007',
            author: 'LurkingLinnet',
            postedAt: '2026-09-17T13:40:02Z',
            html:
              'someone posted sorrelq.commisions@example.org earlier but that one bounces, and ' +
              'sorrelq.commissions@example.com is some unrelated shop.',
          },
          {
            postId: '7310008',
            author: 'GravelGhoul',
            postedAt: '2026-09-18T19:27:44Z',
            html: 'Sorrel_draws posted a new moth piece. Background is the porch at 72 Brackenfold Lane, Wickerby, same as the old photos.',
          },
          {
            postId: '7310009',
            author: 'NullLurker',
            postedAt: '2026-09-19T01:05:33Z',
            html: 'this thread is going nowhere. also who logs in from 198.51.100.9 every night, mods?',
          },
        ],
      ],
    },
    {
      threadId: 81377,
      slug: 'wickerby-art-fair-drama',
      title: 'Wickerby art fair drama',
      forum: { nodeId: 44, slug: 'art-creators', title: 'Art & Creators' },
      pages: [
        [
          {
            postId: '7320101',
            author: 'QuietCormorant',
            postedAt: '2026-10-02T16:20:00Z',
            html: 'The fair organiser (Wendeline Oakhurst, 503-555-0133) moved half the stalls into the car park. Chaos.',
          },
          {
            postId: '7320102',
            author: 'TeapotTyrant',
            postedAt: '2026-10-02T17:48:10Z',
            html:
              'the stall by the entrance was @Sorrel_Draws, prints everywhere.<br />\n' +
              'Email on her banner: SorrelQ.Commissions@Example.org',
          },
          {
            postId: '7320103',
            author: 'GravelGhoul',
            postedAt: '2026-10-02T18:05:27Z',
            html: 'no that was Sorrel_Drawz, the parody account. mothlanttern is another copycat.',
          },
          {
            postId: '7320104',
            author: 'LurkingLinnet',
            postedAt: '2026-10-03T09:12:45Z',
            html: 'the lemonade stand was the real star of the day honestly',
          },
        ],
      ],
    },
    {
      threadId: 80990,
      slug: 'favourite-tea-thread',
      title: 'Favourite tea thread',
      forum: { nodeId: 12, slug: 'off-topic', title: 'Off-Topic' },
      pages: [
        [
          {
            postId: '7300001',
            author: 'KettleMarshal',
            postedAt: '2026-08-01T10:00:00Z',
            html: 'Post your favourite tea. Mine is a smoky lapsang, brewed far too strong.',
          },
          {
            postId: '7300002',
            author: 'NullLurker',
            postedAt: '2026-08-01T11:31:09Z',
            html: `Earl grey with a <i>tiny</i> bit of lavender. Recipe: ${bbLink('https://tea.example.com/lavender-grey', 'tea.example.com')}`,
          },
        ],
      ],
    },
    // The second persona's thread (second.persona.ts): none of this persona's identifiers in it.
    secondForumThread,
  ],
};

export const demoPastes: PasteSeed[] = [
  {
    key: 'Qm7Lp2Xa',
    title: 'moth artist info',
    syntax: { slug: 'text', label: 'None' },
    postedAgo: '9 sec ago',
    body: [
      '=====================================',
      '  moth artist (synthetic demo paste)',
      '=====================================',
      '',
      '[+] Handles ..... mothlantern / Sorrel_Draws',
      '[+] Name ........ Sorrel Quistgarde',
      '[+] Email ....... sorrelq.commissions@example.org',
      '[+] Phone ....... +1 503-555-0167',
      '[+] Address ..... 72 Brackenfold Lane, Wickerby, OR 97999',
      '[+] DOB ......... 1994-11-03',
      '[+] IP .......... 203.0.113.77',
      '',
      '--- household ---',
      'roommate: Bram Tallowby  (503) 555-0148',
      '',
    ].join('\n'),
  },
  {
    key: 'Bz5Ty3Nm',
    title: 'Untitled',
    syntax: { slug: 'python', label: 'Python' },
    postedAgo: '40 sec ago',
    body: 'def lantern_glow(hours):\n    # moths love a warm bulb\n    return max(0, 12 - hours)\n\nprint(lantern_glow(3))\n',
  },
  {
    key: 'Rt4Vn8Kc',
    title: 'raffle winners autumn',
    syntax: { slug: 'text', label: 'None' },
    postedAgo: '1 min ago',
    body: 'Autumn raffle winners\n1. PEBBLEFROND\n2. quiet_heron\n3. MOTHLANTERN (print bundle)\nThanks all!\n',
  },
  {
    key: 'Hx2Wd9Jp',
    title: 'bakery orders',
    syntax: { slug: 'text', label: 'None' },
    postedAgo: '2 min ago',
    body:
      'Orders for Sorrel Brindlecombe (bakery), pickup Friday\n' +
      'contact: sorrelq.commissions@example.com\n' +
      'ref: mothlantorn\n',
  },
  {
    key: 'Kp3Md7Wq',
    title: 'commission queue',
    syntax: { slug: 'text', label: 'None' },
    postedAgo: '3 min ago',
    body: 'Commission queue\n- Sörrel Quistgärde: 2 badges, paid\n- contact sorrelq.commissions@example.org for changes\n',
  },
  {
    key: 'Fc8Gs1Ue',
    title: 'grocery list',
    syntax: { slug: 'text', label: 'None' },
    postedAgo: '4 min ago',
    body: 'eggs\nflour\nlemons x6\nask rook.tallow@example.com about the car\n',
  },
  // The second persona's pastes (second.persona.ts): none of this persona's identifiers in them.
  ...secondPastes,
];

/**
 * Every post holding at least one of the persona's handles, name or email written exactly, in
 * another case or in a Unicode-folded form (fullwidth, accents). Obfuscated forms are not seeded.
 */
export const demoExpectations: ExpectedFinding[] = [
  { sourceId: 'kiwifarms', postId: '7310001', identifierIds: ['h1', 'h2', 'n1'] },
  { sourceId: 'kiwifarms', postId: '7310002', identifierIds: ['n1', 'e1'] },
  { sourceId: 'kiwifarms', postId: '7310005', identifierIds: ['h1', 'n1'] },
  { sourceId: 'kiwifarms', postId: '7310006', identifierIds: ['n1'] },
  { sourceId: 'kiwifarms', postId: '7310008', identifierIds: ['h2'] },
  { sourceId: 'kiwifarms', postId: '7320102', identifierIds: ['h2', 'e1'] },
  { sourceId: 'pastebin', postId: 'Qm7Lp2Xa', identifierIds: ['h1', 'h2', 'n1', 'e1'] },
  { sourceId: 'pastebin', postId: 'Rt4Vn8Kc', identifierIds: ['h1'] },
  { sourceId: 'pastebin', postId: 'Kp3Md7Wq', identifierIds: ['n1', 'e1'] },
];

/**
 * The persona's phone, address and date of birth where they are seeded. They only appear in posts
 * already listed above, so a matcher that does not look for them yet still finds the same posts.
 */
export const deeperExposures: ExpectedFinding[] = [
  { sourceId: 'kiwifarms', postId: '7310005', identifierIds: ['t1'] },
  { sourceId: 'kiwifarms', postId: '7310008', identifierIds: ['a1'] },
  { sourceId: 'pastebin', postId: 'Qm7Lp2Xa', identifierIds: ['t1', 'a1', 'd1'] },
];

/** Near misses that must never match: a letter changed or added, the same first name, a wrong email. */
export const trapPostIds: string[] = ['7310003', '7310007', '7320103', 'Hx2Wd9Jp'];

/** Pages about nobody. */
export const noisePostIds: string[] = [
  '7310004',
  '7310009',
  '7320101',
  '7320104',
  '7300001',
  '7300002',
  'Bz5Ty3Nm',
  'Fc8Gs1Ue',
];

/** Other people's data on the seeded pages; a report may only ever show these masked. */
export const decoyValues: string[] = [
  '(503) 555-0148',
  '503-555-0133',
  'rook.tallow@example.com',
  '198.51.100.9',
  '203.0.113.77',
  'Bram Tallowby',
  'Wendeline Oakhurst',
];

/** The public handles: the only identifiers a hostile source may receive as a query. */
export const demoSearchQueries: string[] = ['mothlantern', 'Sorrel_Draws'];
