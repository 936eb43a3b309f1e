/**
 * The demo persona (Sorrel Quistgarde, `demoProfile`) on imageboards: the FoolFuuka archives, 4chan,
 * lolcow.farm (vichan) and a LynxChan board. Each site exposes her in known posts, hides near misses
 * (traps) among them, and carries noise threads and other invented people's data (decoys).
 *
 * Reachability: every FoolFuuka thread holding an expected post contains one of her handles in a
 * comment or as a poster name, so searching the handles (the only queries a hostile source may receive)
 * reaches it. The listing sources (4chan, lolcow, LynxChan) are walked whole: every board their index
 * lists, including boards no catalog entry names.
 *
 * Post ids are `<board>/<number>` as the adapters report them (numbers count per board).
 */
import type { BoardSiteSeed } from '../imageboard-seed.util.js';
import type { ExpectedFinding } from './demo.persona.js';
import { secondArchivedMoeThreads, secondFourchanThreads } from './second.persona.js';

/** archived.moe: the /ic/ thread that named her, a thread she started under her own handle, a trap thread. */
export const archivedMoeSeed: BoardSiteSeed = {
  boards: { ic: 'Artwork/Critique', co: 'Comics & Cartoons', vt: 'Virtual YouTubers' },
  threads: [
    {
      board: 'ic',
      posts: [
        {
          no: 6620101,
          subject: 'who is mothlantern',
          comment: 'the moth and lantern prints all over the art sites, who draws them?',
          postedAt: '2026-09-20T14:02:11Z',
          file: { name: 'lantern_print_scan', ext: '.jpg' },
        },
        {
          no: 6620144,
          comment:
            ">>6620101\nthat's Sorrel_Draws from the other site. real name Sorrel Quistgarde, it was on an old raffle page",
          postedAt: '2026-09-20T14:40:52Z',
        },
        {
          no: 6620150,
          name: 'mothlantern',
          trip: '!Mq7Lx2Pd9e',
          comment: 'please stop posting about me. this is harassment.',
          postedAt: '2026-09-20T15:05:00Z',
          deleted: true,
        },
        {
          no: 6620163,
          subnum: 1,
          comment:
            '>>6620144\nher commission inbox is SORRELQ.COMMISSIONS@EXAMPLE.ORG and the number on her flyer is 503-555-0167',
          postedAt: '2026-09-22T09:13:40Z',
        },
        {
          no: 6620170,
          comment:
            ">>6620144\nwrong person, you're thinking of mothlantorn, or Sorrel Brindlecombe who runs the bakery",
          postedAt: '2026-09-20T15:31:09Z',
        },
        {
          no: 6620188,
          comment: 'draw more hands and stop obsessing over e-celebs',
          postedAt: '2026-09-20T16:00:45Z',
        },
        {
          no: 6620192,
          comment:
            'the guy spamming this thread posts from 198.51.100.41, his name is Pell Ardwright, (503) 555-0122',
          postedAt: '2026-09-20T16:12:03Z',
        },
      ],
    },
    {
      board: 'ic',
      posts: [
        {
          no: 6631000,
          name: 'Sorrel_Draws',
          trip: '!Sd4Rw8Qp2x',
          subject: 'moth wing study, critique pls',
          comment: 'been stuck on wing anatomy for weeks. be honest.',
          postedAt: '2026-09-25T18:20:00Z',
          file: { name: 'wing_study_04', ext: '.png' },
        },
        {
          no: 6631012,
          comment: '>>6631000\nvalues are nice, the hands need work',
          postedAt: '2026-09-25T18:44:31Z',
        },
      ],
    },
    {
      board: 'ic',
      posts: [
        {
          no: 6640500,
          subject: 'Sorrel_Drawz parody account',
          comment: 'the parody of that moth artist is funnier than the original. mothlanttern too',
          postedAt: '2026-09-27T11:00:00Z',
        },
        { no: 6640511, comment: 'lmao', postedAt: '2026-09-27T11:03:12Z' },
      ],
    },
    {
      board: 'co',
      posts: [
        {
          no: 150100200,
          subject: 'capeshit general',
          comment: 'what are you reading this week?',
          postedAt: '2026-09-26T20:00:00Z',
        },
      ],
    },
    // The second persona's /vt/ thread (second.persona.ts): none of this persona's identifiers in it.
    ...secondArchivedMoeThreads,
  ],
};

/** 4plebs: nothing about her (every handle search answers "No results found."), one trap, one decoy. */
export const fourplebsSeed: BoardSiteSeed = {
  boards: { pol: 'Politically Incorrect', tv: 'Television & Film' },
  threads: [
    {
      board: 'pol',
      posts: [
        {
          no: 480112233,
          subject: 'county fair thread',
          comment:
            'Harrowmere county fair was a disaster. organiser Wendel Ashcombe (wendel.ashcombe@example.com) should resign',
          postedAt: '2026-10-01T12:00:00Z',
        },
        {
          no: 480112240,
          comment: '>>480112233\nsome artist called Sorrel Brindlecombe had the best stall',
          postedAt: '2026-10-01T12:20:00Z',
        },
      ],
    },
    {
      board: 'tv',
      posts: [
        {
          no: 190000100,
          subject: 'what are you watching',
          comment: 'nothing good',
          postedAt: '2026-10-01T13:00:00Z',
        },
      ],
    },
  ],
};

/** Desuarchive: a /co/ thread about her webcomic with a link, the accented name and her address. */
export const desuarchiveSeed: BoardSiteSeed = {
  boards: { co: 'Comics & Cartoons', trash: 'Off-Topic' },
  threads: [
    {
      board: 'co',
      posts: [
        {
          no: 150200300,
          subject: 'webcomic drama thread',
          comment: 'the moth webcomic by Sorrel_Draws got cancelled after two pages',
          postedAt: '2026-10-03T19:00:00Z',
        },
        {
          no: 150200311,
          comment: '>>150200300\nher linktree is https://links.example.org/mothlantern lol',
          postedAt: '2026-10-03T19:12:44Z',
        },
        {
          no: 150200325,
          comment: "the author's note was signed Sörrel Quistgärde, fancy",
          postedAt: '2026-10-03T19:30:10Z',
        },
        {
          no: 150200340,
          comment:
            'ＳＯＲＲＥＬ＿ＤＲＡＷＳ drew the porch at 72 Brackenfold Lane, Wickerby, OR 97999 on the last page',
          postedAt: '2026-10-03T20:02:33Z',
        },
        {
          no: 150200352,
          comment: 'her old editor was Tamsin Roake, tamsin.roake@example.com, born 1988-02-17',
          postedAt: '2026-10-03T20:15:00Z',
        },
      ],
    },
    {
      board: 'trash',
      posts: [
        {
          no: 150300000,
          subject: 'drawthread',
          comment: 'requests go here',
          postedAt: '2026-10-02T10:00:00Z',
        },
        { no: 150300007, comment: '>>150300000\nrequesting a frog knight', postedAt: '2026-10-02T10:04:00Z' },
      ],
    },
  ],
};

/**
 * 4chan: a /vt/ thread naming her, an /ic/ greentext, an /lgbt/ thread (a board the catalog once left
 * out: only a walk of every board finds it), noise, and boards with nothing.
 */
export const fourchanSeed: BoardSiteSeed = {
  boards: {
    vt: 'Virtual YouTubers',
    ic: 'Artwork/Critique',
    co: 'Comics & Cartoons',
    trash: 'Off-Topic',
    pol: 'Politically Incorrect',
    lgbt: 'LGBT',
    g: 'Technology',
  },
  threads: [
    {
      board: 'vt',
      posts: [
        {
          no: 91000100,
          subject: 'chuuba model artist thread',
          comment: 'the moth-girl model artist is mothlantern, right?',
          postedAt: '2026-10-05T21:00:00Z',
          file: { name: 'model_ref_sheet', ext: '.png' },
        },
        {
          no: 91000133,
          comment: '>>91000100\nyeah, Mothlantern, also Sorrel_Draws on the other site',
          postedAt: '2026-10-05T21:20:00Z',
        },
        {
          no: 91000140,
          comment: '>>91000133\nthe rigger is a different person, Ivo Stenhammer, ivo.rig@example.com',
          postedAt: '2026-10-05T21:31:00Z',
        },
        {
          no: 91000151,
          comment: "mothlantorn is the fan account, don't confuse them",
          postedAt: '2026-10-05T21:40:00Z',
        },
        {
          no: 91000166,
          comment: '>Sorrel Quistgarde\nborn 1994-11-03 according to the raffle page',
          postedAt: '2026-10-05T22:05:00Z',
        },
      ],
    },
    {
      board: 'vt',
      posts: [
        {
          no: 91000200,
          subject: 'vsinger general',
          comment: 'new cover dropped',
          postedAt: '2026-10-05T18:00:00Z',
        },
        { no: 91000204, comment: '>>91000200\nthe mixing is muddy', postedAt: '2026-10-05T18:10:00Z' },
      ],
    },
    {
      board: 'ic',
      posts: [
        {
          no: 91000300,
          subject: 'critique thread',
          comment: 'post your work',
          postedAt: '2026-10-06T08:00:00Z',
        },
        { no: 91000310, comment: '>sorrel_draws\nwho? never heard of her', postedAt: '2026-10-06T08:30:00Z' },
        {
          no: 91000322,
          name: 'Sorrel_Drawz',
          comment: 'parody account reporting in',
          postedAt: '2026-10-06T08:45:00Z',
        },
      ],
    },
    {
      board: 'lgbt',
      posts: [
        {
          no: 91000700,
          subject: 'artist callout thread',
          comment: 'the moth print artist, mothlantern, posted about transitioning last year',
          postedAt: '2026-10-06T11:00:00Z',
        },
        {
          no: 91000712,
          comment: '>>91000700\nleave her alone, this thread is a dogpile',
          postedAt: '2026-10-06T11:20:00Z',
        },
      ],
    },
    {
      board: 'co',
      posts: [
        {
          no: 91000400,
          subject: 'webcomic general',
          comment: 'the frog knight comic updated',
          postedAt: '2026-10-06T09:00:00Z',
        },
      ],
    },
    // The second persona's /vt/ thread (second.persona.ts): none of this persona's identifiers in it.
    ...secondFourchanThreads,
  ],
};

/**
 * lolcow.farm: a /snow/ thread about her (HTML only, like the real site), a /pt/ noise thread, and a
 * board with nothing on it.
 */
export const lolcowSeed: BoardSiteSeed = {
  boards: { snow: 'Flakes', pt: 'Personal Trainwrecks', meta: 'Meta' },
  threads: [
    {
      board: 'snow',
      posts: [
        {
          no: 99500,
          subject: 'mothlantern / Sorrel_Draws #1',
          comment: 'Artist milk thread. Sells moth prints, vagueposts about "haters" every week.',
          postedAt: '2026-10-07T12:00:00Z',
          file: { name: 'stream_screenshot', ext: '.png' },
        },
        {
          no: 99512,
          email: 'sage',
          comment: "sage for no milk but her name is Sorrel Quistgarde, it's on the raffle page",
          postedAt: '2026-10-07T12:31:09Z',
        },
        {
          no: 99530,
          comment:
            '>>99500\nshop footer says Sorrelq.Commissions@Example.org\nand the porch in her stream is 72 Brackenfold Lane, Wickerby',
          postedAt: '2026-10-07T13:02:44Z',
        },
        {
          no: 99541,
          comment: ">that's sorrelq.commisions@example.org\nthat one bounces",
          postedAt: '2026-10-07T13:40:00Z',
        },
        {
          no: 99555,
          comment:
            "Please don't post personal info, this is a reminder of the rules. Talk about the content.",
          postedAt: '2026-10-07T14:20:00Z',
        },
      ],
    },
    {
      board: 'pt',
      posts: [
        {
          no: 99600,
          subject: 'tradwife bloggers #40',
          comment: 'nothing new this week',
          postedAt: '2026-10-06T10:00:00Z',
        },
        {
          no: 99608,
          email: 'sage',
          comment: "her husband's number (541) 555-0179 was on the bake sale flyer",
          postedAt: '2026-10-06T10:30:00Z',
        },
      ],
    },
  ],
};

/**
 * A generic LynxChan site (no catalog source ships for one; tests serve it on their own): /art/, a
 * board named in another script (/λ/) and an empty one.
 */
export const lynxchanSeed: BoardSiteSeed = {
  boards: { art: 'Art', λ: 'Lambda', cafe: 'Café' },
  threads: [
    {
      board: 'art',
      posts: [
        {
          no: 5300,
          subject: 'mothlantern',
          comment: 'who is this moth artist everyone keeps posting',
          postedAt: '2026-10-08T09:00:00Z',
        },
        {
          no: 5304,
          comment: '>>5300\nSorrel_Draws on the other sites, real name Sorrel Quistgarde',
          postedAt: '2026-10-08T09:12:40Z',
          file: { name: 'screenshot', ext: '.png' },
        },
        { no: 5311, comment: 'mothlantorn is a copycat', postedAt: '2026-10-08T09:30:02Z' },
        { no: 5319, comment: 'bump', postedAt: '2026-10-08T10:00:00Z' },
      ],
    },
    {
      board: 'art',
      posts: [
        { no: 5400, subject: 'oekaki thread', comment: 'draw a cat', postedAt: '2026-10-07T10:00:00Z' },
      ],
    },
    {
      board: 'λ',
      posts: [
        {
          no: 120,
          subject: 'scraper thread',
          comment: 'someone wrote a bot that reposts everything Sorrel_Draws uploads',
          postedAt: '2026-10-08T12:00:00Z',
        },
        { no: 121, name: 'Bernd', comment: 'Bernd here, bots are boring', postedAt: '2026-10-08T12:10:00Z' },
      ],
    },
  ],
};

/**
 * Every post of the catalog sources holding at least one of the persona's handles, name or email
 * written exactly, in another case or Unicode-folded (fullwidth, accents). Nothing obfuscated is seeded.
 */
export const imageboardExpectations: ExpectedFinding[] = [
  { sourceId: 'archived-moe', postId: 'ic/6620101', identifierIds: ['h1'] },
  { sourceId: 'archived-moe', postId: 'ic/6620144', identifierIds: ['h2', 'n1'] },
  { sourceId: 'archived-moe', postId: 'ic/6620150', identifierIds: ['h1'] },
  { sourceId: 'archived-moe', postId: 'ic/6620163_1', identifierIds: ['e1'] },
  { sourceId: 'archived-moe', postId: 'ic/6631000', identifierIds: ['h2'] },
  { sourceId: 'desuarchive', postId: 'co/150200300', identifierIds: ['h2'] },
  { sourceId: 'desuarchive', postId: 'co/150200311', identifierIds: ['h1'] },
  { sourceId: 'desuarchive', postId: 'co/150200325', identifierIds: ['n1'] },
  { sourceId: 'desuarchive', postId: 'co/150200340', identifierIds: ['h2'] },
  { sourceId: '4chan', postId: 'vt/91000100', identifierIds: ['h1'] },
  { sourceId: '4chan', postId: 'vt/91000133', identifierIds: ['h1', 'h2'] },
  { sourceId: '4chan', postId: 'vt/91000166', identifierIds: ['n1'] },
  { sourceId: '4chan', postId: 'ic/91000310', identifierIds: ['h2'] },
  { sourceId: '4chan', postId: 'lgbt/91000700', identifierIds: ['h1'] },
  { sourceId: 'lolcow', postId: 'snow/99500', identifierIds: ['h1', 'h2'] },
  { sourceId: 'lolcow', postId: 'snow/99512', identifierIds: ['n1'] },
  { sourceId: 'lolcow', postId: 'snow/99530', identifierIds: ['e1'] },
];

/** Phone, address and date of birth where seeded; only in posts already listed above. */
export const imageboardDeeperExposures: ExpectedFinding[] = [
  { sourceId: 'archived-moe', postId: 'ic/6620163_1', identifierIds: ['t1'] },
  { sourceId: 'desuarchive', postId: 'co/150200340', identifierIds: ['a1'] },
  { sourceId: '4chan', postId: 'vt/91000166', identifierIds: ['d1'] },
  { sourceId: 'lolcow', postId: 'snow/99530', identifierIds: ['a1'] },
];

/** The LynxChan board's ground truth, under the source id its test gives it. */
export const lynxchanExpectations: ExpectedFinding[] = [
  { sourceId: 'lynxchan', postId: 'art/5300', identifierIds: ['h1'] },
  { sourceId: 'lynxchan', postId: 'art/5304', identifierIds: ['h2', 'n1'] },
  { sourceId: 'lynxchan', postId: 'λ/120', identifierIds: ['h2'] },
];

/** Near misses that must never match: a letter changed or added, the same first name, a wrong email. */
export const imageboardTrapPostIds: string[] = [
  'ic/6620170',
  'ic/6640500',
  'pol/480112240',
  'vt/91000151',
  'ic/91000322',
  'snow/99541',
  'art/5311',
];

/** Other people's data on the seeded pages; a report may only ever show these masked. */
export const imageboardDecoyValues: string[] = [
  '198.51.100.41',
  'Pell Ardwright',
  '(503) 555-0122',
  'Wendel Ashcombe',
  'wendel.ashcombe@example.com',
  'Tamsin Roake',
  'tamsin.roake@example.com',
  'Ivo Stenhammer',
  'ivo.rig@example.com',
  '(541) 555-0179',
];
