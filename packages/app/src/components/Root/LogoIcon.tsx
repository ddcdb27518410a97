import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 28 },
  mark: { fill: '#7df3e1' },
});

/** The Tenancy mark: four account tiles, one still being vended. */
const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 34 36"
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
    </svg>
  );
};

export default LogoIcon;
