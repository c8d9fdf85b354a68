/** Outgoing "visitor is typing" signals: at most one `true` per 2 s while typing, `false` after 4 s idle or on send. */
export class TypingSender {
  private sentAt = 0;
  private sentFor: string | null = null;
  private idle = 0;

  constructor(private readonly emit: (conversationId: string, typing: boolean) => void) {}

  input(conversationId: string | null, empty: boolean): void {
    if (!conversationId || empty) {
      this.stop();
      return;
    }
    if (Date.now() - this.sentAt > 2000) {
      this.emit(conversationId, true);
      this.sentAt = Date.now();
      this.sentFor = conversationId;
    }
    clearTimeout(this.idle);
    this.idle = window.setTimeout(() => this.stop(), 4000);
  }

  stop(): void {
    clearTimeout(this.idle);
    if (this.sentFor) this.emit(this.sentFor, false);
    this.sentAt = 0;
    this.sentFor = null;
  }
}
