import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 30 },
  mark: { fill: '#7df3e1' },
  text: {
    fill: '#ffffff',
    fontFamily: 'Helvetica, Arial, sans-serif',
    fontWeight: 700,
  },
});

/** The Tenancy word mark: stacked account tiles and the name. */
const LogoFull = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 170 36"
      aria-label="Tenancy"
    >
      <rect
        className={classes.mark}
        x="0"
        y="2"
        width="14"
        height="14"
        rx="2"
      />
      <rect
        className={classes.mark}
        x="18"
        y="2"
        width="14"
        height="14"
        rx="2"
      />
      <rect
        className={classes.mark}
        x="0"
        y="20"
        width="14"
        height="14"
        rx="2"
      />
      <rect
        className={classes.mark}
        x="18"
        y="20"
        width="14"
        height="14"
        rx="2"
        opacity="0.5"
      />
      <text className={classes.text} x="42" y="27" fontSize="26">
        Tenancy
      </text>
    </svg>
  );
};

export default LogoFull;
