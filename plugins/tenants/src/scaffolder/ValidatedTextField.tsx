import TextField from '@mui/material/TextField';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

/**
 * A one-line text field of the scaffolder's form: its title as the label, its description as
 * the helper text (the form lists the field's errors under it) and an empty value as undefined.
 */
export const ValidatedTextField = (
  props: FieldExtensionComponentProps<string>,
) => {
  const { formData, onChange, rawErrors, required, schema, idSchema } = props;
  const errors = rawErrors ?? [];
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title}
      helperText={schema.description}
      required={required}
      value={formData ?? ''}
      onChange={e =>
        onChange(e.target.value === '' ? undefined : e.target.value)
      }
      error={errors.length > 0}
      // The scaffolder's form draws its other fields as Material UI v4 standard text fields.
      variant="standard"
      margin="normal"
      fullWidth
      inputProps={{ autoComplete: 'off' }}
    />
  );
};
