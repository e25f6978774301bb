import { describe, expect, it } from 'vitest';

import { acceptLaunchMessage, normalizeOrigin, takePageSession } from '../src/session-sources.js';

const parent = { name: 'parent window' };
const launch = { type: 'billfold:launch', token: 'launch-token-1' };

describe('acceptLaunchMessage', () => {
  it('accepts the exact origin from the parent', () => {
    const event = { origin: 'https://host.example', source: parent, data: launch };
    expect(acceptLaunchMessage(event as never, 'https://host.example', parent)).toBe(
      'launch-token-1',
    );
  });

  it('rejects another origin', () => {
    for (const origin of [
      'https://evil.example',
      'https://host.example:443x',
      'http://host.example',
      'null',
    ]) {
      const event = { origin, source: parent, data: launch };
      expect(acceptLaunchMessage(event as never, 'https://host.example', parent)).toBeUndefined();
    }
  });

  it('rejects another window', () => {
    const event = { origin: 'https://host.example', source: { name: 'sibling' }, data: launch };
    expect(acceptLaunchMessage(event as never, 'https://host.example', parent)).toBeUndefined();
  });

  it('rejects a null source', () => {
    const event = { origin: 'https://host.example', source: null, data: launch };
    expect(acceptLaunchMessage(event as never, 'https://host.example', null)).toBeUndefined();
  });

  it('rejects wrong shapes', () => {
    for (const data of [
      null,
      'billfold:launch',
      { type: 'billfold:ready' },
      { type: 'billfold:launch' },
      { type: 'billfold:launch', token: '' },
    ]) {
      const event = { origin: 'https://host.example', source: parent, data };
      expect(acceptLaunchMessage(event as never, 'https://host.example', parent)).toBeUndefined();
    }
  });

  it('rejects when no origin is configured', () => {
    const event = { origin: '', source: parent, data: launch };
    expect(acceptLaunchMessage(event as never, '', parent)).toBeUndefined();
  });
});

describe('normalizeOrigin', () => {
  it('serialises an origin', () => {
    expect(normalizeOrigin('HTTPS://Host.Example:443/')).toBe('https://host.example');
  });

  it('keeps a non-default port', () => {
    expect(normalizeOrigin('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
  });

  it('rejects paths, queries and other schemes', () => {
    for (const value of [
      'https://host.example/app',
      'https://host.example/?a=1',
      'javascript:alert(1)',
      '*',
      '',
      null,
    ]) {
      expect(normalizeOrigin(value)).toBeUndefined();
    }
  });
});

function fakeDocument(text: string | undefined) {
  const element =
    text === undefined
      ? null
      : {
          textContent: text,
          removed: false,
          remove() {
            this.removed = true;
          },
        };

  return { element, doc: { getElementById: () => element } as unknown as Document };
}

describe('takePageSession', () => {
  it('reads and removes the element', () => {
    const { element, doc } = fakeDocument(
      '{"access_token":"abc","expires_at":"2026-12-04T20:00:00Z","parent_origin":"https://host.example"}',
    );
    expect(takePageSession(doc)).toEqual({
      access_token: 'abc',
      expires_at: '2026-12-04T20:00:00Z',
      parent_origin: 'https://host.example',
    });
    expect(element?.removed).toBe(true);
  });

  it('returns undefined without the element', () => {
    expect(takePageSession(fakeDocument(undefined).doc)).toBeUndefined();
  });

  it('removes an element with invalid JSON', () => {
    const { element, doc } = fakeDocument('{not json');
    expect(takePageSession(doc)).toBeUndefined();
    expect(element?.removed).toBe(true);
  });

  it('requires an access token', () => {
    expect(takePageSession(fakeDocument('{"expires_at":"x"}').doc)).toBeUndefined();
  });
});
