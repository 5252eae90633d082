/**
 * Reading flow log events, streamed (memory flat in the number of records): what
 * `aws logs filter-log-events` prints (`{"events":[...]}` pages, concatenated or in a JSON array),
 * and flow log files as flow logs deliver them to Amazon S3 (`.log` or `.log.gz`: a first line
 * naming the fields, then a record per line; an event's time is its `start` field).
 */
import * as fs from 'fs';
import { StringDecoder } from 'string_decoder';
import * as zlib from 'zlib';
import { splitFields } from './pattern';
import { BacktestInputError } from './template';

/** A log event of the flow log group. */
export interface FlowEvent {
  /** ms since the epoch (a flow log record's `start`). */
  readonly timestamp: number;
  /** ms since the epoch, when CloudWatch Logs ingested it; the timestamp when not known. */
  readonly ingestionTime: number;
  readonly message: string;
  /** The message split into space-delimited fields, when the reader already did it. */
  readonly fields?: string[];
}

export type EventSink = (event: FlowEvent) => void;

/** Progress of one file: bytes read of its size on disk. */
export type ProgressSink = (bytesRead: number, size: number) => void;

interface Parser {
  push(text: string): void;
  end(): void;
}

const HEADER_FIELD = /^[a-z][a-z0-9-]*$/;

/** The S3 flow log file shape: a header line of field names, then one record per line. */
class FlowLogFileParser implements Parser {
  private rest = '';
  private header?: string[];
  private start = -1;
  private line = 0;

  constructor(private readonly sink: EventSink, private readonly source: string) {}

  public push(text: string) {
    const data = this.rest + text;
    let from = 0;
    for (let nl = data.indexOf('\n'); nl >= 0; nl = data.indexOf('\n', from)) {
      this.onLine(data.slice(from, nl));
      from = nl + 1;
    }
    this.rest = data.slice(from);
  }

  public end() {
    if (this.rest !== '') this.onLine(this.rest);
    this.rest = '';
    if (!this.header) throw new BacktestInputError(`${this.source} is empty.`);
  }

  private onLine(raw: string) {
    this.line++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!this.header) {
      const names = line.trim().split(/\s+/);
      if (!names.every(n => HEADER_FIELD.test(n)) || !names.includes('start')) {
        throw new BacktestInputError(`${this.source} is not one of the accepted event files: not JSON pages of \`aws logs filter-log-events\` ({"events":[...]}), and not a flow log file as delivered to S3, whose first line names the fields (including \`start\`), e.g. "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status". Its first line is ${JSON.stringify(line.slice(0, 120))}.`);
      }
      this.header = names;
      this.start = names.indexOf('start');
      return;
    }
    if (line.trim() === '') return;
    const fields = splitFields(line);
    const start = fields[this.start];
    const seconds = Number(start);
    if (fields.length !== this.header.length || start === undefined || start === '' || !Number.isFinite(seconds)) {
      throw new BacktestInputError(`${this.source} line ${this.line}: expected ${this.header.length} fields (${this.header.join(' ')}) with a number in \`start\`, got ${JSON.stringify(line.slice(0, 200))}.`);
    }
    const timestamp = seconds * 1000;
    this.sink({ timestamp, ingestionTime: timestamp, message: line, fields });
  }
}

/**
 * The `aws logs filter-log-events` shape, scanned incrementally: pages (`{"events":[...], ...}`)
 * one after another or in a JSON array; each event object is parsed as soon as it is complete.
 */
class JsonPagesParser implements Parser {
  private readonly stack: string[] = [];
  private inString = false;
  private escape = false;
  private pageDepth = 0;
  private stringStart = -1;
  private lastString = '';
  private key = '';
  private eventsDepth = -1;
  private pageHasEvents = false;
  private capture: string[] | undefined;
  private captureFrom = 0;
  private pages = 0;
  private events = 0;
  private offset = 0;

  constructor(private readonly sink: EventSink, private readonly source: string) {}

  public push(text: string) {
    const stack = this.stack;
    if (this.capture) this.captureFrom = 0;
    let stringChunk: string[] | undefined = this.stringStart === -2 ? [this.lastString] : undefined;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escape) { this.escape = false; continue; }
        if (c === 92 /* \ */) { this.escape = true; continue; }
        if (c === 34 /* " */) {
          this.inString = false;
          if (this.stringStart !== -1) {
            this.lastString = (stringChunk ? stringChunk.join('') : '') + text.slice(this.stringStart === -2 ? 0 : this.stringStart, i);
            this.stringStart = -1;
            stringChunk = undefined;
          }
        }
        continue;
      }
      switch (c) {
        case 34: // "
          this.misplaced(i);
          this.inString = true;
          // Keys of the page object are remembered (to find "events").
          if (stack.length === this.pageDepth && stack[stack.length - 1] === '{') this.stringStart = i + 1;
          break;
        case 123: // {
        case 91: { // [
          const open = c === 123 ? '{' : '[';
          if (stack.length === 0) {
            if (open === '[' && this.pages === 0 && this.pageDepth === 0) {
              this.pageDepth = 2;
            } else if (open === '{') {
              this.pageDepth = 1;
            } else {
              this.fail(i, 'a page must be a JSON object {"events": [...]}');
            }
          }
          if (stack.length === this.pageDepth - 1 && this.pageDepth === 2 && stack.length === 1 && open !== '{') {
            this.fail(i, 'the array must hold pages, each a JSON object {"events": [...]}');
          }
          stack.push(open);
          if (stack.length === this.pageDepth && open === '{') {
            this.pageHasEvents = false;
            this.key = '';
          } else if (stack.length === this.pageDepth + 1 && open === '[' && this.key === 'events') {
            this.eventsDepth = stack.length;
            this.pageHasEvents = true;
          } else if (this.eventsDepth > 0 && stack.length === this.eventsDepth + 1) {
            if (open !== '{') this.fail(i, '"events" must be an array of event objects');
            this.capture = [];
            this.captureFrom = i;
          }
          break;
        }
        case 125: // }
        case 93: { // ]
          const open = stack.pop();
          if (open !== (c === 125 ? '{' : '[')) this.fail(i, 'unbalanced brackets');
          if (this.capture && stack.length === this.eventsDepth) {
            this.capture.push(text.slice(this.captureFrom, i + 1));
            this.emit(this.capture.join(''));
            this.capture = undefined;
          } else if (stack.length === this.eventsDepth - 1 && this.eventsDepth > 0) {
            this.eventsDepth = -1;
          } else if (stack.length === this.pageDepth - 1 && open === '{') {
            if (!this.pageHasEvents) this.fail(i, 'a page has no "events" array');
            this.pages++;
          }
          break;
        }
        case 58: // :
          if (stack.length === this.pageDepth && stack[stack.length - 1] === '{') this.key = this.lastString;
          break;
        case 32: case 10: case 13: case 9: case 44: // space, newline, tab, comma
          break;
        default:
          this.misplaced(i);
      }
    }
    if (this.capture) this.capture.push(text.slice(this.captureFrom));
    if (this.inString && this.stringStart !== -1) {
      // A page key split across chunks: keep its first part.
      this.lastString = text.slice(this.stringStart === -2 ? 0 : this.stringStart);
      this.stringStart = -2;
    }
    this.offset += text.length;
  }

  public end() {
    if (this.stack.length > 0 || this.inString) this.fail(0, 'the JSON ends before its pages are closed');
    if (this.pages === 0) this.fail(0, 'no page {"events": [...]} found');
  }

  private emit(json: string) {
    this.events++;
    let e: any;
    try {
      e = JSON.parse(json);
    } catch (err) {
      throw new BacktestInputError(`${this.source}: event ${this.events} is not valid JSON (${(err as Error).message}).`);
    }
    if (typeof e.timestamp !== 'number' || typeof e.message !== 'string' || (e.ingestionTime !== undefined && typeof e.ingestionTime !== 'number')) {
      throw new BacktestInputError(`${this.source}: event ${this.events} must have a number \`timestamp\` (ms), a string \`message\` and, optionally, a number \`ingestionTime\` (as \`aws logs filter-log-events\` prints them), got ${json.slice(0, 200)}.`);
    }
    this.sink({ timestamp: e.timestamp, ingestionTime: e.ingestionTime ?? e.timestamp, message: e.message });
  }

  /** A value (not an object or array) where only pages or event objects may be. */
  private misplaced(i: number) {
    const depth = this.stack.length;
    if (depth === 0) this.fail(i, 'expected a page {"events": [...]}');
    if (depth === this.eventsDepth) this.fail(i, '"events" must be an array of event objects');
    if (depth === 1 && this.pageDepth === 2) this.fail(i, 'the array must hold pages, each a JSON object {"events": [...]}');
  }

  private fail(i: number, what: string): never {
    throw new BacktestInputError(`${this.source} is not one of the accepted event files (JSON pages of \`aws logs filter-log-events\`, or a flow log file as delivered to S3): at character ${this.offset + i + 1}, ${what}.`);
  }
}

/** Picks the parser from the first non-blank character of the (decompressed) text. */
class Sniffer implements Parser {
  private parser?: Parser;
  private seen = '';
  constructor(private readonly sink: EventSink, private readonly source: string) {}
  public push(text: string) {
    if (this.parser) return this.parser.push(text);
    this.seen += text;
    const first = this.seen.trimStart()[0];
    if (first === undefined) return;
    this.parser = first === '{' || first === '[' ? new JsonPagesParser(this.sink, this.source) : new FlowLogFileParser(this.sink, this.source);
    // A UTF-8 byte order mark (as some Windows tools write) is not part of the content.
    const seen = this.seen.replace(/^\uFEFF/, '');
    this.seen = '';
    this.parser.push(seen);
  }
  public end() {
    if (!this.parser) throw new BacktestInputError(`${this.source} is empty.`);
    this.parser.end();
  }
}

const CHUNK = 64 * 1024;

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

function statFile(path: string): number {
  try {
    const st = fs.statSync(path);
    if (!st.isFile()) throw new BacktestInputError(`${path} is not a file.`);
    return st.size;
  } catch (e) {
    if (e instanceof BacktestInputError) throw e;
    throw new BacktestInputError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/** Reads an events file synchronously (a `.gz` file is decompressed whole). */
export function readEventsSync(path: string, sink: EventSink) {
  statFile(path);
  const parser = new Sniffer(sink, path);
  const data = fs.readFileSync(path);
  const text = isGzip(data) ? gunzip(data, path) : data;
  const decoder = new StringDecoder('utf8');
  for (let at = 0; at < text.length; at += CHUNK) parser.push(decoder.write(text.subarray(at, at + CHUNK)));
  parser.push(decoder.end());
  parser.end();
}

function gunzip(data: Buffer, path: string): Buffer {
  try {
    return zlib.gunzipSync(data);
  } catch (e) {
    throw new BacktestInputError(`${path} is not a valid gzip file (${(e as Error).message}).`);
  }
}

/** Reads an events file as a stream (memory flat in its size), reporting progress. */
export async function readEvents(path: string, sink: EventSink, progress?: ProgressSink): Promise<void> {
  const size = statFile(path);
  const fd = fs.openSync(path, 'r');
  const head = Buffer.alloc(2);
  fs.readSync(fd, head, 0, 2, 0);
  fs.closeSync(fd);
  const parser = new Sniffer(sink, path);
  const input = fs.createReadStream(path, { highWaterMark: CHUNK });
  let read = 0;
  input.on('data', (chunk: string | Buffer) => {
    read += chunk.length;
    progress?.(read, size);
  });
  const stream: NodeJS.ReadableStream = isGzip(head) ? input.pipe(zlib.createGunzip({ chunkSize: CHUNK })) : input;
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of stream) parser.push(decoder.write(chunk as Buffer));
  } catch (e) {
    if (e instanceof BacktestInputError) throw e;
    if (isGzip(head)) throw new BacktestInputError(`${path} is not a valid gzip file (${(e as Error).message}).`);
    throw new BacktestInputError(`cannot read ${path}: ${(e as Error).message}`);
  } finally {
    input.destroy();
  }
  parser.push(decoder.end());
  parser.end();
}
