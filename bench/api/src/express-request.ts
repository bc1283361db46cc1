// A request shaped as Express hands it to a middleware: Node's `IncomingMessage` whose prototype
// Express replaced with its own (`app.request`). An object of this shape is slower to add a
// property or a private field to than a plain object, so the in-process figures use it.
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import express from 'express';

const app = express();
const socket = new Socket();

/** A fresh `GET /orders` as Express would pass it on, with `authorization`. */
export function expressRequest(authorization: string): IncomingMessage & { originalUrl: string } {
  const req = new IncomingMessage(socket) as IncomingMessage & { originalUrl: string };
  Object.setPrototypeOf(req, app.request);
  req.method = 'GET';
  req.url = '/orders';
  req.originalUrl = '/orders';
  req.headers = { authorization };
  return req;
}
