/**
 * Runs exchanges one after another: each starts once the one before it has settled, whatever
 * its outcome (a reader answers one CCID message, and a card one command, at a time).
 */
export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(exchange: () => Promise<T>): Promise<T> {
    const result = this.tail.then(exchange, exchange);
    this.tail = result.catch(() => {});
    return result;
  }
}
