/**
 * Keeps the thread on its newest message until the user scrolls it. The virtualiser's own pin
 * is dropped by any scroll of the page (a phone user scrolling down to the chat) and only knows
 * estimated row sizes until rows are measured; fonts, photos and a container that grows once the
 * page settles all move the end after the first layout. So while following, every change the
 * thread sees (rows laid out, photos decoded, the thread resized, the page scrolled) puts the
 * end back in view. A scroll away from the end while the content kept its height — the user's
 * wheel, finger, scrollbar or keys, a screen reader bringing a message into view, the host —
 * stops following (a scroll that comes with a new content height is the layout's: put back);
 * reaching the end again resumes it.
 */
import { isAtBottom } from './chat-scroll.ts';

/** Scroll events within this long after a user gesture on the thread are the user's. */
const GESTURE_MS = 800;
const SCROLL_KEYS = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' ']);

export class BottomFollower {
  /** Following the end (the newest message stays in view). */
  following = true;
  /**
   * The virtualiser holds a pin (it keeps that row in view, and renders rows even off screen):
   * leave it alone until it lets go (`unpinned`, on any scroll of the page or the thread).
   */
  pinned = false;
  private thread?: HTMLElement;
  private gestureUntil = 0;
  private pointerDown = false;
  private frame = 0;
  private readonly mutations = new MutationObserver(() => this.layoutChanged());
  private readonly resizes = new ResizeObserver(() => this.layoutChanged());

  /**
   * `correcting`: whether the virtualiser is correcting the scroll position after measuring rows
   * (its scroll, not the reader's; `LazyList.correctingScroll`).
   */
  constructor(
    private readonly onChange: (following: boolean) => void,
    private readonly correcting: () => boolean = () => false,
  ) {}

  /** Watches this thread element (call after each render; a new element replaces the old). */
  attach(thread: HTMLElement | undefined): void {
    if (thread === this.thread) return;
    this.detach();
    this.thread = thread;
    if (!thread) return;
    // The virtualiser positions rows through their style: any layout change is a mutation.
    this.mutations.observe(thread, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'src'] });
    this.resizes.observe(thread);
    thread.addEventListener('wheel', this.onGesture, { passive: true });
    thread.addEventListener('touchmove', this.onGesture, { passive: true });
    thread.addEventListener('pointerdown', this.onPointerDown);
    thread.addEventListener('keydown', this.onKey);
    thread.addEventListener('load', this.onLoad, true);
    thread.addEventListener('unpinned', this.onUnpinned);
    addEventListener('pointerup', this.onPointerUp);
    addEventListener('scroll', this.onPageScroll, { passive: true });
    this.schedule();
  }

  detach(): void {
    const thread = this.thread;
    this.mutations.disconnect();
    this.resizes.disconnect();
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    removeEventListener('pointerup', this.onPointerUp);
    removeEventListener('scroll', this.onPageScroll);
    if (!thread) return;
    thread.removeEventListener('wheel', this.onGesture);
    thread.removeEventListener('touchmove', this.onGesture);
    thread.removeEventListener('pointerdown', this.onPointerDown);
    thread.removeEventListener('keydown', this.onKey);
    thread.removeEventListener('load', this.onLoad, true);
    thread.removeEventListener('unpinned', this.onUnpinned);
    this.thread = undefined;
  }

  /** Follow the end from now on (first view, the viewer's own message, "new messages"). */
  follow(): void {
    this.gestureUntil = 0;
    this.set(true);
    this.schedule();
  }

  /** Stop following (the chat itself scrolls elsewhere: the unread marker, a message to focus). */
  release(): void {
    this.set(false);
  }

  /** The thread scrolled: at the end, follow; away from it, put back if the layout moved it, else stop. */
  onScroll(): void {
    const thread = this.thread;
    if (!thread) return;
    this.see(thread);
    if (isAtBottom(thread)) this.set(true);
    else if (!this.following) return;
    // The virtualiser corrected its estimate of row sizes: the layout moved it, put the end back.
    else if (this.correcting() && !this.userScrolling()) this.schedule();
    else this.set(false);
  }

  /** Where the thread was last seen (by a scroll event or our own put back). */
  private seen = { top: 0, height: 0 };
  private see(thread: HTMLElement): void {
    this.seen = { top: thread.scrollTop, height: thread.scrollHeight };
  }

  private layoutChanged(): void {
    this.schedule();
  }

  private userScrolling(): boolean {
    return this.pointerDown || performance.now() < this.gestureUntil;
  }

  private set(following: boolean): void {
    if (following === this.following) return;
    this.following = following;
    this.onChange(following);
  }

  private schedule(): void {
    if (!this.following || this.pinned || this.frame || !this.thread) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const thread = this.thread;
      if (!thread || !this.following || this.pinned || this.userScrolling()) return;
      // Scrolled up since last seen by more than the content shrank: someone else's scroll (a
      // screen reader, the host, the chat bringing a message into view) whose event has not
      // arrived yet — `onScroll` decides, even when a photo loading at the same moment changed
      // the height (putting the end back then took the reader away from the message).
      if (thread.scrollTop < this.seen.top - 1 - Math.max(0, this.seen.height - thread.scrollHeight)) return;
      const end = thread.scrollHeight - thread.clientHeight;
      if (end - thread.scrollTop > 1) thread.scrollTop = end;
      this.see(thread);
    });
  }

  private readonly onGesture = (): void => {
    this.gestureUntil = performance.now() + GESTURE_MS;
  };

  private readonly onPointerDown = (e: PointerEvent): void => {
    // Only a press on the thread itself (its scrollbar), not on a message or a button.
    if (e.target === this.thread) this.pointerDown = true;
    this.onGesture();
  };

  private readonly onPointerUp = (): void => {
    if (!this.pointerDown) return;
    this.pointerDown = false;
    this.onGesture();
  };

  private readonly onKey = (e: KeyboardEvent): void => {
    if (SCROLL_KEYS.has(e.key)) this.onGesture();
  };

  private readonly onLoad = (): void => this.layoutChanged();
  /**
   * A scroll made the virtualiser let go — often the page's (a phone user scrolling down to the
   * chat), which says nothing about the thread: only the user's own gesture on it stops following.
   */
  private readonly onUnpinned = (): void => {
    this.pinned = false;
    if (this.thread && this.userScrolling()) this.set(isAtBottom(this.thread));
    this.schedule();
  };
  private readonly onPageScroll = (): void => this.layoutChanged();
}
