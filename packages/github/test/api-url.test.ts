// apiUrlProblem: which API URLs may receive a token (https anywhere, plain http only on loopback).
import { describe, expect, it } from '@jest/globals';
import { apiUrlProblem } from '../src/index.js';

describe('the API URL the token is sent to', () => {
  it.each([
    'https://api.github.com',
    'https://ghe.example.com/api/v3',
    'http://127.0.0.1:8080',
    'http://127.255.0.9',
    'http://[::1]:3000',
    'http://localhost:4000',
    'http://LOCALHOST',
  ])('%s is accepted', (url) => expect(apiUrlProblem(url)).toBeUndefined());

  it.each([
    ['http://api.github.com', /plain http to api.github.com/],
    ['http://127.0.0.1.example.com', /plain http to 127.0.0.1.example.com/],
    ['http://[::2]', /plain http to \[::2\]/],
    ['http://0.0.0.0', /plain http to 0.0.0.0/],
    ['https://user:pw@api.github.com', /carries credentials/],
    ['api.github.com', /is not a URL/],
  ])('%s is refused', (url, problem) => expect(apiUrlProblem(url)).toMatch(problem));
});
