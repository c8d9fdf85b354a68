import type { UpdateAiSettingsBody } from "@switchboard/contracts";
import { FlaskConical, ListChecks, MessageSquareText, Send } from "lucide-react";
import { useState } from "react";
import { EmptyState, ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { BatchTest } from "./test-batch";
import { useAiTest } from "./test-queries";
import { TestResult } from "./test-result";

interface Props {
  /** The settings form as it is (unsaved changes included): tried without saving. */
  settings?: UpdateAiSettingsBody;
  /** The form has unsaved changes: say that the test uses them. */
  unsaved?: boolean;
}

/**
 * The AI settings page's test panel: ask what a customer would ask and see exactly what the AI
 * would do (the responder's own decision, nothing sent or stored); or try a batch of questions.
 */
export function AiTestPanel({ settings, unsaved }: Props) {
  return (
    <section aria-label="Test the AI agent" className="flex flex-col gap-3 rounded-xl border bg-card p-4">
      <header className="flex flex-wrap items-center gap-2">
        <FlaskConical className="size-4 text-violet-500" />
        <h2 className="text-[15px] font-semibold tracking-tight">Test the AI agent</h2>
        {unsaved ? (
          <span className="rounded bg-amber-500/15 px-1.5 py-0.5 text-[11px] font-medium text-amber-700 dark:text-amber-400">
            Using your unsaved changes
          </span>
        ) : null}
        <p className="w-full text-[13px] text-muted-foreground">
          Nothing is sent to customers or stored: you see the answer, the knowledge it used and why the AI decided so.
        </p>
      </header>
      <Tabs defaultValue="one">
        <TabsList>
          <TabsTrigger value="one">
            <MessageSquareText className="size-3.5" /> Ask a question
          </TabsTrigger>
          <TabsTrigger value="batch">
            <ListChecks className="size-3.5" /> Batch test
          </TabsTrigger>
        </TabsList>
        <TabsContent value="one" className="pt-3">
          <SingleTest settings={settings} />
        </TabsContent>
        <TabsContent value="batch" className="pt-3">
          <BatchTest settings={settings} />
        </TabsContent>
      </Tabs>
    </section>
  );
}

function SingleTest({ settings }: { settings?: UpdateAiSettingsBody }) {
  const [question, setQuestion] = useState("");
  const test = useAiTest();
  const ask = () => {
    const q = question.trim();
    if (q) test.mutate({ question: q, settings });
  };
  return (
    <div className="flex flex-col gap-3">
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          ask();
        }}
      >
        <Textarea
          aria-label="Question"
          placeholder="Ask what a customer would ask, e.g. How long does a refund take?"
          rows={2}
          maxLength={2000}
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) {
              e.preventDefault();
              ask();
            }
          }}
          className="min-h-14 resize-none"
        />
        <Button type="submit" disabled={!question.trim() || test.isPending}>
          {test.isPending ? <Spinner /> : <Send />} Ask
        </Button>
      </form>
      {test.isPending ? (
        <div className="flex items-center gap-2 py-6 text-[13px] text-muted-foreground" aria-busy="true">
          <Spinner /> The AI is deciding…
        </div>
      ) : test.isError ? (
        <ErrorState error={test.error} title="The test failed" onRetry={ask} className="py-6" />
      ) : test.data ? (
        <TestResult result={test.data} />
      ) : (
        <EmptyState
          icon={<MessageSquareText />}
          title="Try a question"
          description="You'll see the answer as the customer would, its sources, and the decision with its reason."
          className="py-6"
        />
      )}
    </div>
  );
}
