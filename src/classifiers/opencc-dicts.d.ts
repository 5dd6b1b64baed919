// opencc-js ships its dictionaries as modules without type declarations: each is one string of
// `source target|source target|...` pairs.
declare module 'opencc-js/dict/TSCharacters' {
  const dict: string;
  export default dict;
}
