// What goes with the prompt besides text: attached images (file picker or paste), tools the models may
// call, and JSON output with an optional schema. Problems are shown where they are, and block Send.
import { useRef } from "react";
import { Button, Checkbox, Disclosure, TextArea } from "./ui";
import { IMAGE_TYPES, MAX_IMAGES } from "./request-options";

export interface RequestOptionsValue {
  images: string[];
  toolsText: string;
  json: boolean;
  schemaText: string;
}

/** A problem with what was typed or attached, next to it; nothing when there is none. */
function Problem(props: { text: string | null; testId: string }) {
  if (!props.text) return null;
  return (
    <div className="option-problem" role="alert" data-testid={props.testId}>
      {props.text}
    </div>
  );
}

export function ImageAttachments(props: { images: string[]; onAdd: (files: File[]) => void; onRemove: (index: number) => void; problem: string | null }) {
  const picker = useRef<HTMLInputElement>(null);
  return (
    <div className="image-attachments" data-testid="images">
      <input
        ref={picker}
        type="file"
        accept={IMAGE_TYPES.join(",")}
        multiple
        hidden
        data-testid="image-input"
        onChange={(event) => {
          props.onAdd([...(event.target.files ?? [])]);
          event.target.value = "";
        }}
      />
      {props.images.length < MAX_IMAGES && (
        <Button secondary testId="attach-image" title="Attach an image (or paste one into the prompt)" onClick={() => picker.current?.click()}>
          Attach image…
        </Button>
      )}
      {props.images.map((url, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: attachments are positional and may repeat
        <figure className="thumbnail" key={index} data-testid="thumbnail">
          <img src={url} alt={`Attachment ${index + 1}`} />
          <button type="button" className="thumbnail-remove" aria-label={`Remove image ${index + 1}`} onClick={() => props.onRemove(index)}>
            ✕
          </button>
        </figure>
      ))}
      <Problem testId="image-problem" text={props.problem} />
    </div>
  );
}

export function ToolsAndOutput(props: {
  value: RequestOptionsValue;
  onChange: (change: Partial<RequestOptionsValue>) => void;
  toolsProblem: string | null;
  schemaProblem: string | null;
}) {
  const { value } = props;
  return (
    <Disclosure className="tools-output" summary="Tools and JSON output" openWhen={value.toolsText !== "" || value.json}>
      <TextArea
        label='Tools the models may call (JSON array, e.g. [{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}])'
        testId="tools"
        value={value.toolsText}
        onChange={(toolsText) => props.onChange({ toolsText })}
        placeholder="[] — OpenAI's tool shape or { name, description, parameters }"
      />
      <Problem testId="tools-problem" text={props.toolsProblem} />
      <Checkbox label="JSON output" testId="json-output" checked={value.json} onChange={(json) => props.onChange({ json })} />
      {value.json && (
        <TextArea
          label="JSON schema the answer must follow (optional)"
          testId="json-schema"
          value={value.schemaText}
          onChange={(schemaText) => props.onChange({ schemaText })}
          placeholder='{"type":"object","properties":{...}} — empty: any JSON'
        />
      )}
      <Problem testId="schema-problem" text={props.schemaProblem} />
    </Disclosure>
  );
}
