import { fireEvent, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import type { ConversationStatus } from "@/lib/types";
import { useHotkeys } from "@/features/shortcuts/use-hotkeys";
import { renderInConsole } from "../../../../tests/render";
import { useInbox } from "../inbox-context";
import { PendingButton } from "./pending-button";

/** The inbox page's binding of W, as in inbox-page.tsx. */
function Keys() {
  const { commands } = useInbox();
  useHotkeys({ w: () => commands.current.togglePending?.() });
  return null;
}

/** The thread header's part: the button patches the conversation, whose status then comes back changed. */
function Header({ patch }: { patch: (body: { status?: ConversationStatus }, msg?: string) => void }) {
  const [status, setStatus] = useState<ConversationStatus>("open");
  const apply = (body: { status?: ConversationStatus }, msg?: string) => {
    patch(body, msg);
    if (body.status) setStatus(body.status);
  };
  return <PendingButton conversation={{ status }} patch={apply} busy={false} />;
}

describe("pending: waiting on the customer", () => {
  it("marks an open conversation pending by button and by W, and puts a pending one back to open", () => {
    const patch = vi.fn();
    renderInConsole(
      <>
        <Keys />
        <Header patch={patch} />
      </>,
      { inbox: true },
    );
    expect(screen.getByTestId("pending-button").getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(screen.getByTestId("pending-button"));
    expect(patch).toHaveBeenLastCalledWith({ status: "pending" }, expect.stringContaining("opens again"));
    expect(screen.getByLabelText("Back to open").getAttribute("aria-pressed")).toBe("true");
    fireEvent.keyDown(window, { key: "w" });
    expect(patch).toHaveBeenLastCalledWith({ status: "open" }, "Back to open");
    fireEvent.keyDown(window, { key: "w" });
    expect(patch).toHaveBeenLastCalledWith({ status: "pending" }, expect.any(String));
    expect(patch).toHaveBeenCalledTimes(3);
  });

  it("is not offered on a resolved conversation", () => {
    const patch = vi.fn();
    renderInConsole(<PendingButton conversation={{ status: "resolved" }} patch={patch} busy={false} />, {
      inbox: true,
    });
    expect(screen.queryByTestId("pending-button")).toBeNull();
  });
});
