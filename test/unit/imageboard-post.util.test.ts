import { describe, expect, it } from 'vitest';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import {
  boardPath,
  boardSections,
  isDefaultName,
  postText,
} from '../../workers/sources/imageboard-post.util.js';
import { lynxchanAdapter } from '../../workers/sources/lynxchan.adapter.js';
import { vichanAdapter } from '../../workers/sources/vichan.adapter.js';

const source = (adapter: 'vichan' | 'lynxchan', options: Record<string, unknown> = {}) =>
  sourceEntrySchema.parse({
    id: 'board',
    name: 'Replica board',
    adapter,
    trust: 'hostile',
    baseUrl: 'https://board.replica.test/chan/',
    fetch: 'http',
    options,
    politeness: { requestsPerSecond: 1, concurrency: 1, maxResultPages: 2, maxPagesPerScan: 10 },
  });

describe('default poster names', () => {
  it('drops the usual defaults of many sites from the text, whatever their case or width', () => {
    for (const name of [
      'Anonymous',
      'anon',
      'Bernd',
      'BERND',
      'Anónimo',
      'Аноним',
      '名無しさん',
      'Ａｎｏｎｙｍｏｕｓ',
    ])
      expect(postText({ name, body: 'hello' }), name).toBe('hello');
    expect(postText({ name: 'mothlantern', body: 'hello' })).toBe('mothlantern\nhello');
    expect(isDefaultName('Bernd')).toBe(true);
    expect(isDefaultName('Bernhard')).toBe(false);
  });

  it("takes a site's own list when its catalog entry gives one, and only that list", () => {
    const defaults = ['Kohlchan-Bernd', 'Anonymous'];
    expect(postText({ name: 'kohlchan-bernd', body: 'x', defaultNames: defaults })).toBe('x');
    expect(postText({ name: 'Bernd', body: 'x', defaultNames: defaults })).toBe('Bernd\nx');
  });

  it('is read from options.defaultNames by the adapters', () => {
    const thread = JSON.stringify({
      threadId: 7,
      name: 'Bernd',
      message: 'first',
      posts: [{ postId: 8, name: 'Nemo', message: 'second' }],
    });
    const url = 'https://board.replica.test/chan/b/res/7.json';
    const stock = lynxchanAdapter.extractPosts(source('lynxchan'), thread, url);
    expect(stock.map((post) => post.text)).toEqual(['first', 'Nemo\nsecond']);
    // The board's author column still shows the name as the board did.
    expect(stock[0]?.author).toBe('Bernd');
    const own = lynxchanAdapter.extractPosts(source('lynxchan', { defaultNames: ['Nemo'] }), thread, url);
    expect(own.map((post) => post.text)).toEqual(['Bernd\nfirst', 'second']);
    expect(() => vichanAdapter.searchUrl(source('vichan', { defaultNames: 'Anonymous' }), undefined)).toThrow(
      /options\.defaultNames/,
    );
  });
});

describe('post bodies', () => {
  it('accept \\r\\n and lone \\r line ends as one kind of break', () => {
    expect(postText({ body: 'line one\r\nline two\rline three\r\n' })).toBe('line one\nline two\nline three');
    const thread = JSON.stringify({
      threadId: 7,
      message: 'her name is\r\nSorrel Quistgarde\r\n',
      posts: [],
    });
    const [post] = lynxchanAdapter.extractPosts(
      source('lynxchan'),
      thread,
      'https://board.replica.test/chan/b/res/7.json',
    );
    expect(post?.text).toBe('her name is\nSorrel Quistgarde');
  });
});

describe('board names in URLs', () => {
  const vichan = source('vichan');

  it('decodes a percent-encoded board below the base path and refuses what is not a board name', () => {
    expect(boardPath(vichan, 'https://board.replica.test/chan/%CE%BB/res/1.html')).toEqual({
      board: 'λ',
      rest: '/res/1.html',
    });
    expect(boardPath(vichan, 'https://board.replica.test/chan/b/catalog.json')).toEqual({
      board: 'b',
      rest: '/catalog.json',
    });
    expect(boardPath(vichan, 'https://board.replica.test/chan/%2F/res/1.html')).toBeUndefined();
    expect(boardPath(vichan, 'https://board.replica.test/chan/%E0%A4/res/1.html')).toBeUndefined();
    expect(boardPath(vichan, 'https://board.replica.test/chan/a.b/res/1.html')).toBeUndefined();
    expect(boardPath(vichan, 'https://elsewhere.test/chan/b/res/1.html')).toBeUndefined();
  });

  it('keeps every board a site lists up to the cap, once each, and counts the rest', () => {
    const many = Array.from({ length: 405 }, (_, i) => `b${i}`);
    const sections = boardSections(
      [...many, 'b0', 'bad/name'],
      undefined,
      (board) => `https://x.test/${board}/`,
    );
    expect(sections.list).toHaveLength(400);
    expect(sections.leftOut).toBe(5);
    expect(sections.list[0]).toEqual({ label: '/b0/', url: 'https://x.test/b0/' });
  });

  it('reads a thread of a non-ASCII board as posts, not as "no posts"', () => {
    const thread = JSON.stringify({ posts: [{ no: 3, com: 'hello', name: 'Anonymous' }] });
    const posts = vichanAdapter.extractPosts(
      vichan,
      thread,
      'https://board.replica.test/chan/%CE%BB/res/3.json',
    );
    expect(posts).toEqual([
      {
        postId: 'λ/3',
        permalink: 'https://board.replica.test/chan/%CE%BB/res/3.html#3',
        text: 'hello',
        author: 'Anonymous',
      },
    ]);
  });
});
