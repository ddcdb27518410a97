import { makeStyles } from '@material-ui/core';
import { LogoTiles } from './LogoIcon';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 30 },
  text: {
    fill: '#ffffff',
    fontFamily: 'Helvetica, Arial, sans-serif',
    fontWeight: 700,
  },
});

/** The Tenancy word mark: the account tiles and the name. */
const LogoFull = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 170 36"
      aria-label="Tenancy"
    >
      <LogoTiles />
      <text className={classes.text} x="42" y="27" fontSize="26">
        Tenancy
      </text>
    </svg>
  );
};

export default LogoFull;
