import { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import { EmptyState, Progress } from '@backstage/core-components';

/** True when the error is the backend's 403 (the user lacks a permission). */
export function isForbidden(error: Error | undefined): boolean {
  const e = error as
    | (Error & { statusCode?: number; response?: { status?: number } })
    | undefined;
  return (
    !!e &&
    (e.name === 'NotAllowedError' ||
      e.statusCode === 403 ||
      e.response?.status === 403)
  );
}

/** The backend's own message of an error (the body of a `ResponseError`), else its message. */
export function errorMessage(error: Error): string {
  const e = error as Error & {
    body?: { error?: { name?: string; message?: string } };
    statusCode?: number;
  };
  const inner = e.body?.error?.message;
  if (inner) return `${inner} (HTTP ${e.statusCode})`;
  return error.message;
}

/** An error shown with its message, never a blank page. */
export function ErrorBox(props: { title: string; error: Error }) {
  return (
    <Alert severity="error" role="alert">
      <AlertTitle>{props.title}</AlertTitle>
      {errorMessage(props.error)}
    </Alert>
  );
}

/** The message shown to a person who may not see something (instead of an erroring page). */
export function NoPermission(props: { what: string; permission: string }) {
  return (
    <EmptyState
      missing="info"
      title={`You don't have permission to see ${props.what}`}
      description={`Seeing ${props.what} needs the ${props.permission} permission. Ask a platform engineer to add you to a group that has it.`}
    />
  );
}

/**
 * Loading, error and value states of one request: a progress bar while loading, the backend's
 * error message (or a permission message on 403), else the children.
 */
export function AsyncState<T>(props: {
  loading: boolean;
  error?: Error;
  value?: T;
  what: string;
  permission?: string;
  children: (value: T) => ReactNode;
}) {
  const { loading, error, value, what, permission, children } = props;
  if (loading) return <Progress />;
  if (error && permission && isForbidden(error)) {
    return <NoPermission what={what} permission={permission} />;
  }
  if (error) {
    return <ErrorBox title={`Could not load ${what}`} error={error} />;
  }
  if (value === undefined) return null;
  return <>{children(value)}</>;
}
