/**
 * "Wrenna Fosselthwaite", the second persona: an invented UK streamer with invented handles, an
 * Ofcom drama-range mobile number (07700 900xxx), an example.com email and an invented street in an
 * invented village with a ZZ99 postcode (a range no real postcode uses). Nothing here is a real person.
 *
 * Her content is added to the existing seeds (the forum, Pastebin, archived.moe and 4chan), next to the
 * demo persona's and without touching it: no post below holds any of the demo persona's identifiers in
 * any form, and no demo post holds any of hers, so both personas' ground truth stays exact. Her
 * identifiers appear written exactly, in another case or Unicode-folded (fullwidth, accents) only, as
 * in `demo.persona.ts`, so the simple seed matcher and the real one agree on every post.
 *
 * Ground truth is written out by hand (`secondExpectations`); `test/integration/second-persona.test.ts`
 * checks it against what the replicas serve.
 */
import type { BoardThreadSeed } from '../imageboard-seed.util.js';
import type { PasteSeed } from '../pastebin.replica.js';
import { bbQuote, bbSpoiler } from '../xenforo.replica.js';
import type { ForumThreadSeed } from '../xenforo.replica.js';
import type { ExpectedFinding } from './demo.persona.js';

export const secondProfile = {
  persona: 'second',
  identifiers: [
    { id: 'h1', kind: 'handle', value: 'quillwhistle' },
    { id: 'h2', kind: 'handle', value: 'Wren_Plays' },
    { id: 'n1', kind: 'name', value: 'Wrenna Fosselthwaite' },
    { id: 'e1', kind: 'email', value: 'wrenna.f.bookings@example.com' },
    { id: 't1', kind: 'phone', value: '+44 7700 900417', region: 'GB' },
    { id: 'a1', kind: 'address', value: '14 Thimbleweed Row, Nettlecombe Parva, ZZ99 3WP' },
    { id: 'd1', kind: 'dob', value: '1998-06-21' },
  ],
} as const;

// ---- the forum (added to `demoForum`): one thread, reachable by searching either handle ------------------

/** Posted by the demo forum's existing members, so no member id changes. */
export const secondForumThread: ForumThreadSeed = {
  threadId: 81455,
  slug: 'quillwhistle-wren_plays-cosy-farming-streamer',
  title: 'quillwhistle / Wren_Plays - cosy farming streamer',
  forum: { nodeId: 51, slug: 'streamers', title: 'Streamers' },
  pages: [
    [
      {
        postId: '7330001',
        author: 'GravelGhoul',
        postedAt: '2026-10-20T19:02:10Z',
        html:
          'quillwhistle streams cosy farming games every night, and posts clips as <b>Wren_Plays</b> on the other site.<br />\n<br />\n' +
          'Chat says her real name is Wrenna Fosselthwaite.',
      },
      {
        postId: '7330002',
        author: 'TeapotTyrant',
        postedAt: '2026-10-20T19:40:33Z',
        html:
          bbQuote('GravelGhoul', 91004, '7330001', 'Chat says her real name is Wrenna Fosselthwaite.') +
          'sponsorship mail goes to wrenna.f.bookings@example.com, it is on her about page',
      },
      {
        postId: '7330003',
        author: 'KettleMarshal',
        postedAt: '2026-10-20T20:15:00Z',
        html: 'Keep it to what she posts publicly. Her moderator Ossian Threlkeld (07700 900288) already complained to us.',
      },
      {
        postId: '7330004',
        author: 'QuietCormorant',
        postedAt: '2026-10-21T08:12:47Z',
        html:
          'the charity stream banner said ＱＵＩＬＬＷＨＩＳＴＬＥ in huge letters<br />\n' +
          bbSpoiler(
            'fan mail',
            'fan mail goes to 14 Thimbleweed Row, Nettlecombe Parva, ZZ99 3WP and the text line is 07700 900417',
          ),
      },
      {
        postId: '7330005',
        author: 'NullLurker',
        postedAt: '2026-10-21T09:30:05Z',
        html: 'the raffle form was signed Wrénna Fosselthwaite, date of birth 1998-06-21',
      },
    ],
  ],
};

// ---- Pastebin (added to `demoPastes`): a dox-shaped paste and a raid list --------------------------------

export const secondPastes: PasteSeed[] = [
  {
    key: 'Zw4Qp9Lt',
    title: 'cosy streamer info',
    syntax: { slug: 'text', label: 'None' },
    postedAgo: '5 min ago',
    body: [
      '=========================================',
      '  cosy streamer (synthetic second persona)',
      '=========================================',
      '',
      '[+] Handles ..... quillwhistle / Wren_Plays',
      '[+] Name ........ Wrenna Fosselthwaite',
      '[+] Email ....... wrenna.f.bookings@example.com',
      '[+] Phone ....... 07700 900417',
      '[+] Address ..... 14 Thimbleweed Row, Nettlecombe Parva, ZZ99 3WP',
      '[+] DOB ......... 1998-06-21',
      '[+] IP .......... 192.0.2.57',
      '',
      '--- household ---',
      'flatmate: Ossian Threlkeld  07700 900288',
      '',
    ].join('\n'),
  },
  {
    key: 'Jv5Ub8Rx',
    title: 'saturday raid list',
    syntax: { slug: 'text', label: 'None' },
    postedAgo: '6 min ago',
    body: 'Saturday raid list\n1. kettle_corn_tv (8pm)\n2. WREN_PLAYS (cosy farm, 9pm)\n3. hollyhock_hour\n',
  },
];

// ---- archived.moe (added to `archivedMoeSeed`): a /vt/ thread she also posted in ------------------------

export const secondArchivedMoeThreads: BoardThreadSeed[] = [
  {
    board: 'vt',
    posts: [
      {
        no: 71200300,
        subject: 'quillwhistle thread',
        comment: 'quillwhistle does cosy farming streams, anyone else watch her?',
        postedAt: '2026-10-22T18:00:00Z',
        file: { name: 'farm_stream_cap', ext: '.png' },
      },
      {
        no: 71200311,
        comment: '>>71200300\nshe is Wren_Plays on the clip site. chat leaked her name, Wrenna Fosselthwaite',
        postedAt: '2026-10-22T18:21:40Z',
      },
      {
        no: 71200325,
        name: 'Wren_Plays',
        trip: '!Wq3Pl7Xz4k',
        comment: 'please leave my family out of this.',
        postedAt: '2026-10-22T18:40:02Z',
        deleted: true,
      },
      {
        no: 71200340,
        comment:
          '>>71200311\nher bookings address is WRENNA.F.BOOKINGS@EXAMPLE.COM and the giveaway form says born 1998-06-21',
        postedAt: '2026-10-22T19:05:51Z',
      },
      {
        no: 71200352,
        comment: 'who cares, go play the farming game yourself',
        postedAt: '2026-10-22T19:30:00Z',
      },
    ],
  },
];

// ---- 4chan (added to `fourchanSeed`): a /vt/ thread ---------------------------------------------------------

export const secondFourchanThreads: BoardThreadSeed[] = [
  {
    board: 'vt',
    posts: [
      {
        no: 91000500,
        subject: 'cosy streamer general',
        comment: 'quillwhistle is live with the farming game again',
        postedAt: '2026-10-06T19:00:00Z',
        file: { name: 'cosy_farm', ext: '.png' },
      },
      {
        no: 91000512,
        comment:
          '>>91000500\nWren_Plays takes fan mail at 14 Thimbleweed Row, Nettlecombe Parva, ZZ99 3WP, it was in the discord',
        postedAt: '2026-10-06T19:12:00Z',
      },
      {
        no: 91000520,
        comment: 'stop it, she just plays farming games',
        postedAt: '2026-10-06T19:20:00Z',
      },
    ],
  },
];

// ---- ground truth -----------------------------------------------------------------------------------------

/**
 * Every post of the farm holding at least one of the persona's handles, name or email written exactly,
 * in another case or Unicode-folded (fullwidth, accents), with exactly those identifier ids.
 */
export const secondExpectations: ExpectedFinding[] = [
  { sourceId: 'kiwifarms', postId: '7330001', identifierIds: ['h1', 'h2', 'n1'] },
  { sourceId: 'kiwifarms', postId: '7330002', identifierIds: ['n1', 'e1'] },
  { sourceId: 'kiwifarms', postId: '7330004', identifierIds: ['h1'] },
  { sourceId: 'kiwifarms', postId: '7330005', identifierIds: ['n1'] },
  { sourceId: 'pastebin', postId: 'Zw4Qp9Lt', identifierIds: ['h1', 'h2', 'n1', 'e1'] },
  { sourceId: 'pastebin', postId: 'Jv5Ub8Rx', identifierIds: ['h2'] },
  { sourceId: 'archived-moe', postId: 'vt/71200300', identifierIds: ['h1'] },
  { sourceId: 'archived-moe', postId: 'vt/71200311', identifierIds: ['h2', 'n1'] },
  { sourceId: 'archived-moe', postId: 'vt/71200325', identifierIds: ['h2'] },
  { sourceId: 'archived-moe', postId: 'vt/71200340', identifierIds: ['e1'] },
  { sourceId: '4chan', postId: 'vt/91000500', identifierIds: ['h1'] },
  { sourceId: '4chan', postId: 'vt/91000512', identifierIds: ['h2'] },
];

/** Her phone, address and date of birth where seeded; only in posts already listed above. */
export const secondDeeperExposures: ExpectedFinding[] = [
  { sourceId: 'kiwifarms', postId: '7330004', identifierIds: ['t1', 'a1'] },
  { sourceId: 'kiwifarms', postId: '7330005', identifierIds: ['d1'] },
  { sourceId: 'pastebin', postId: 'Zw4Qp9Lt', identifierIds: ['t1', 'a1', 'd1'] },
  { sourceId: 'archived-moe', postId: 'vt/71200340', identifierIds: ['d1'] },
  { sourceId: '4chan', postId: 'vt/91000512', identifierIds: ['a1'] },
];

/** Pages about nobody, among hers. */
export const secondNoisePostIds: string[] = ['7330003', 'vt/71200352', 'vt/91000520'];

/** Other people's data on her pages; a report may only ever show these masked. */
export const secondDecoyValues: string[] = ['Ossian Threlkeld', '07700 900288', '192.0.2.57'];

/** The public handles: the only identifiers a hostile source may receive as a query. */
export const secondSearchQueries: string[] = ['quillwhistle', 'Wren_Plays'];
