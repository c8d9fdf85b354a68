import { act, render, screen } from "@testing-library/react";
import { toast } from "sonner";
import { afterEach, describe, expect, it } from "vitest";
import { TOAST_MS, ThemedToaster } from "@/components/toaster";
import { ThemeProvider } from "@/lib/theme";

type Shown = { title?: unknown; type?: string; duration?: number };
const shown = () => toast.getToasts() as Shown[];

describe("toasts", () => {
  afterEach(() => act(() => void toast.dismiss()));

  it("sit at the top right, below the headers, never over the composer's Send button", async () => {
    render(
      <ThemeProvider>
        <ThemedToaster />
      </ThemeProvider>,
    );
    act(() => void toast.error("Couldn't send: the provider is down"));
    await screen.findByText("Couldn't send: the provider is down");
    const toaster = document.querySelector("[data-sonner-toaster]") as HTMLElement;
    expect(toaster.dataset.yPosition).toBe("top");
    expect(toaster.dataset.xPosition).toBe("right");
    expect(toaster.style.getPropertyValue("--offset-top")).toBe("64px");
  });

  it("confirmations go quickly; failures stay long enough to read", () => {
    act(() => {
      toast.success("Conversation resolved");
      toast.success("Saved", { duration: 5000 });
    });
    const byTitle = new Map(shown().map((t) => [t.title, t]));
    expect(byTitle.get("Conversation resolved")?.duration).toBe(TOAST_MS.success);
    expect(byTitle.get("Saved")?.duration).toBe(5000);
    expect(TOAST_MS.success).toBeLessThanOrEqual(2000);
    expect(TOAST_MS.other).toBeGreaterThan(TOAST_MS.success);
  });
});
