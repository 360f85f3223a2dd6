import { expect } from '@open-wc/testing';
import { BottomFollower } from './chat-follow.ts';
import { waitUntil } from '../testing/wait.ts';

const frame = (): Promise<number> => new Promise((r) => requestAnimationFrame(r));

function thread(): HTMLElement {
  const el = document.createElement('div');
  el.style.cssText = 'height: 200px; overflow: auto;';
  for (let i = 0; i < 40; i++) {
    const row = document.createElement('p');
    row.style.cssText = 'height: 50px; margin: 0;';
    row.textContent = `message ${i}`;
    el.append(row);
  }
  document.body.append(el);
  return el;
}

describe('BottomFollower (the chat keeps its newest message in view until someone scrolls away)', () => {
  it('a scroll away whose event has not arrived yet is kept, even when a photo changes the height in the same frame', async () => {
    const el = thread();
    const changes: boolean[] = [];
    const follower = new BottomFollower((following) => changes.push(following));
    // As the chat does: its thread's scroll events go to the follower.
    el.addEventListener('scroll', () => follower.onScroll());
    try {
      follower.attach(el);
      await waitUntil(() => el.scrollTop === el.scrollHeight - el.clientHeight, 'at the end');
      await frame();
      // In one frame: someone (a screen reader, the host, the chat's own "go to this message")
      // scrolls up, then a photo at the end grows the content; the follower's own frame callback
      // (queued by that change) runs before the scroll event, due on the next frame.
      const scrolledIn = new Promise<void>((resolve) =>
        requestAnimationFrame(() => {
          el.scrollTop = 100;
          const photo = document.createElement('p');
          photo.style.cssText = 'height: 120px; margin: 0;';
          el.append(photo);
          resolve();
        }),
      );
      el.append(document.createElement('span')); // a layout change: the follower asks for a frame after ours
      await scrolledIn;
      for (let i = 0; i < 5; i++) await frame();
      expect(el.scrollTop, 'the reader stays where the scroll took them').to.equal(100);
      expect(follower.following, 'no longer following the end').to.equal(false);
      expect(changes).to.deep.equal([false]);
    } finally {
      follower.detach();
      el.remove();
    }
  });
});
