/** Types of the `punycode` npm package (RFC 3492; imported by file: the bare name is Node's deprecated core module). */
declare module 'punycode/punycode.js' {
  const punycode: {
    encode(input: string): string;
    decode(input: string): string;
  };
  export default punycode;
}
