// What stories played at once print, in the order of the stories: the earliest unfinished story
// prints as it goes; a later one is held until every story before it has finished.
export class OrderedOutput {
  private readonly held: string[][];
  private readonly finished: boolean[];
  private head = 0;

  constructor(
    private readonly write: (text: string) => void,
    count: number,
  ) {
    this.held = Array.from({ length: count }, () => []);
    this.finished = Array.from({ length: count }, () => false);
  }

  /** Where story `index` writes. */
  writerFor(index: number): (text: string) => void {
    return (text) => {
      if (index === this.head) this.write(text);
      else this.held[index]!.push(text);
    };
  }

  /** Story `index` has printed all it will: the stories after it that waited come out now. */
  storyFinished(index: number): void {
    this.finished[index] = true;
    while (this.head < this.finished.length && this.finished[this.head]) {
      this.head++;
      const next = this.held[this.head];
      if (next && next.length > 0) this.write(next.splice(0).join(''));
    }
  }
}
