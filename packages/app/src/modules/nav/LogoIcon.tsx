import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 28 },
  mark: { fill: '#7df3e1' },
});

/** Four account tiles, one still being vended: the Tenancy mark, drawn in a 34×36 box. */
export const LogoTiles = () => {
  const classes = useStyles();
  return (
    <>
      {[
        [0, 2, 1],
        [18, 2, 1],
        [0, 20, 1],
        [18, 20, 0.5],
      ].map(([x, y, opacity]) => (
        <rect
          key={`${x}-${y}`}
          className={classes.mark}
          x={x}
          y={y}
          width="14"
          height="14"
          rx="2"
          opacity={opacity}
        />
      ))}
    </>
  );
};

/** The Tenancy mark for the collapsed sidebar. */
const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 34 36"
      aria-label="Tenancy"
    >
      <LogoTiles />
    </svg>
  );
};

export default LogoIcon;
