// jstat ships no types; this declares the one function asyncdemo uses.
declare module 'jstat' {
  const jStat: {
    studentt: {
      /** P(T ≤ x) for Student's t distribution with `dof` degrees of freedom (need not be an integer). */
      cdf(x: number, dof: number): number;
    };
  };
  export default jStat;
}
