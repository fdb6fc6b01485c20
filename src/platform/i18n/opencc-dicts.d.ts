/** OpenCC's dictionaries as opencc-js ships them: one module per dictionary, "key value|key value|…". */
declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
