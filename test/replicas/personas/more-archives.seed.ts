/**
 * The five smaller FoolFuuka archives of the catalog (TheBArchive, Palanq, B4K, archive.alice.al,
 * Archive of Sins): one or two tiny threads each, about invented people who are neither persona.
 * Nothing here holds a handle, name, email, phone, address or date of birth of the demo persona or of
 * the second one, so every handle search of a scan answers "No results found." and the personas'
 * expectations stay as they are. The other people's data are decoys, listed in `moreArchivesDecoyValues`.
 *
 * Post numbers are per board, as on the real archives.
 */
import type { BoardSiteSeed } from '../imageboard-seed.util.js';

/** TheBArchive: a /b/ thread hunting an invented streamer, a /bant/ noise thread. */
export const thebarchiveSeed: BoardSiteSeed = {
  boards: { b: 'Random', bant: 'International/Random' },
  threads: [
    {
      board: 'b',
      posts: [
        {
          no: 931_200_100,
          subject: 'find this girl',
          comment: 'streams as tidewrack_tv, anyone know where she lives?',
          postedAt: '2026-10-11T21:00:00Z',
          file: { name: 'screencap', ext: '.png' },
        },
        {
          no: 931_200_131,
          comment: '>>931200100\nher name is Corla Mennifold, email corla.m@example.com',
          postedAt: '2026-10-11T21:06:40Z',
        },
        {
          no: 931_200_150,
          comment: '>>931200131\nleave her alone, newfag',
          postedAt: '2026-10-11T21:09:02Z',
        },
      ],
    },
    {
      board: 'bant',
      posts: [
        { no: 21_900_400, subject: 'tea thread', comment: 'post your mug', postedAt: '2026-10-12T08:00:00Z' },
      ],
    },
  ],
};

/** Palanq: a /qst/ thread where a quest writer's real name is posted. */
export const palanqSeed: BoardSiteSeed = {
  boards: { qst: 'Quests', news: 'Current News', wsr: 'Worksafe Requests' },
  threads: [
    {
      board: 'qst',
      posts: [
        {
          no: 6_030_100,
          subject: 'Cinderhollow Quest #12',
          comment: 'The caravan reaches the salt flats. Vote below.',
          postedAt: '2026-09-28T17:00:00Z',
        },
        {
          no: 6_030_117,
          name: 'Gullfeather',
          comment: '>>6030100\nthe QM is Bastien Orlewick, (503) 555-0148, he deleted his blog',
          postedAt: '2026-09-28T17:22:15Z',
        },
      ],
    },
  ],
};

/** B4K: a /vg/ general where an invented speedrunner is doxed, and a plain /v/ thread. */
export const b4kSeed: BoardSiteSeed = {
  boards: { v: 'Video Games', vg: 'Video Game Generals', vrpg: 'Video Games/RPG' },
  threads: [
    {
      board: 'vg',
      posts: [
        {
          no: 512_330_000,
          subject: '/srg/ - speedrun general',
          comment: 'new world record in the lighthouse category',
          postedAt: '2026-10-05T14:00:00Z',
        },
        {
          no: 512_330_042,
          comment:
            '>>512330000\nthat runner lives at 9 Gorsebank Close, Elderholt, WA 98999, his name is Hew Tallowby',
          postedAt: '2026-10-05T14:31:00Z',
        },
      ],
    },
    {
      board: 'v',
      posts: [
        {
          no: 734_100_900,
          subject: 'rate my backlog',
          comment: 'too long, play one',
          postedAt: '2026-10-06T09:00:00Z',
        },
      ],
    },
  ],
};

/** archive.alice.al: a /c/ drawthread with an invented artist's handle, no personal data. */
export const aliceArchiveSeed: BoardSiteSeed = {
  boards: { c: 'Anime/Cute', w: 'Anime/Wallpapers' },
  threads: [
    {
      board: 'c',
      posts: [
        {
          no: 4_120_500,
          subject: 'cute drawthread',
          comment: 'requesting a fox in a scarf, in the style of bramblekit',
          postedAt: '2026-10-09T12:00:00Z',
        },
        { no: 4_120_533, comment: '>>4120500\ndelivered, be gentle', postedAt: '2026-10-09T13:45:00Z' },
      ],
    },
  ],
};

/** Archive of Sins: a /soc/ thread with an invented poster's contact details. */
export const archiveofsinsSeed: BoardSiteSeed = {
  boards: { soc: 'Cams & Meetups', r: 'Adult Requests' },
  threads: [
    {
      board: 'soc',
      posts: [
        {
          no: 38_200_010,
          subject: 'PNW meetup thread',
          comment: 'post your city',
          postedAt: '2026-10-10T22:00:00Z',
        },
        {
          no: 38_200_027,
          comment: '>>38200010\nthe guy from last time was Odran Pellisky, odran.p@example.com',
          postedAt: '2026-10-10T22:14:30Z',
        },
      ],
    },
  ],
};

/** Other people's data on these archives; a report may only ever show them masked. */
export const moreArchivesDecoyValues: string[] = [
  'Corla Mennifold',
  'corla.m@example.com',
  'Bastien Orlewick',
  '(503) 555-0148',
  'Hew Tallowby',
  '9 Gorsebank Close, Elderholt, WA 98999',
  'Odran Pellisky',
  'odran.p@example.com',
];
