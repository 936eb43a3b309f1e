import type { ComponentChildren } from 'preact';

/**
 * Form controls with their label, hint and error tied together: the error sits beside the control,
 * the control points at both with aria-describedby and says aria-invalid, so a screen reader reads the
 * problem with the field and a sighted person sees it there.
 */

export type FieldErrors = Readonly<Record<string, string>>;

function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Hint({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <p class="hint" id={`${id}-hint`}>
      {children}
    </p>
  );
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p class="field-error" id={`${id}-error`}>
      <span class="visually-hidden">Problem: </span>
      {message}
    </p>
  );
}

interface TextFieldProps {
  id: string;
  name: string;
  label: ComponentChildren;
  value: string;
  error?: string | undefined;
  hint?: ComponentChildren;
  type?: 'text' | 'password' | 'date' | 'email';
  autocomplete?: string;
  required?: boolean;
  maxLength?: number;
  /** Narrower input for short values (dates, codes). */
  short?: boolean;
}

export function TextField(props: TextFieldProps) {
  const { id, error, hint } = props;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{props.label}</label>
      {hint && <Hint id={id}>{hint}</Hint>}
      <FieldError id={id} message={error} />
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        class={props.short ? 'input input--short' : 'input'}
        autocomplete={props.autocomplete ?? 'off'}
        spellcheck={false}
        required={props.required}
        maxLength={props.maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, Boolean(hint), Boolean(error))}
      />
    </div>
  );
}

interface SelectFieldProps {
  id: string;
  name: string;
  label: ComponentChildren;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  error?: string | undefined;
  hint?: ComponentChildren;
}

export function SelectField(props: SelectFieldProps) {
  const { id, error, hint } = props;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{props.label}</label>
      {hint && <Hint id={id}>{hint}</Hint>}
      <FieldError id={id} message={error} />
      <select
        id={id}
        name={props.name}
        class="select"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, Boolean(hint), Boolean(error))}
      >
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value} key={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

interface CheckboxProps {
  id: string;
  name: string;
  value?: string;
  label: ComponentChildren;
  checked: boolean;
  error?: string | undefined;
  hint?: ComponentChildren;
}

export function Checkbox(props: CheckboxProps) {
  const { id, error, hint } = props;
  return (
    <div class={`checkbox${error ? ' field--error' : ''}`}>
      <FieldError id={id} message={error} />
      <input
        id={id}
        name={props.name}
        type="checkbox"
        value={props.value ?? 'on'}
        checked={props.checked}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, Boolean(hint), Boolean(error))}
      />
      <label for={id}>{props.label}</label>
      {hint && <Hint id={id}>{hint}</Hint>}
    </div>
  );
}

/**
 * The list of problems at the top of a form that was sent back, each a link to its field. It takes the
 * focus when the page opens (autofocus), so keyboard and screen reader users start from it.
 */
export function ErrorSummary({ errors, labels }: { errors: FieldErrors; labels: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} autofocus aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">Some answers need another look</h2>
      <ul>
        {entries.map(([id, message]) => (
          <li key={id}>
            <a href={`#${id}`}>
              {labels[id] ? `${labels[id]}: ` : ''}
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
