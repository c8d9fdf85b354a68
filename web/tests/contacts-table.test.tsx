import type { ContactRow } from "@switchboard/contracts";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ContactsTable } from "@/features/contacts/contacts-table";
import { defaultTableFilter, tableQuery } from "@/features/contacts/queries";

// happy-dom has no IntersectionObserver; the table only needs to observe.
globalThis.IntersectionObserver ??= class {
  observe() {}
  disconnect() {}
} as unknown as typeof IntersectionObserver;

const row = (p: Partial<ContactRow>): ContactRow => ({
  id: "00000000-0000-4000-8000-000000000001",
  name: "Dana Reyes",
  email: "dana@example.com",
  phone: "+14155550100",
  avatarUrl: null,
  createdAt: "2026-03-01T10:00:00.000Z",
  channelTypes: ["whatsapp", "webchat"],
  lastSeenAt: null,
  conversationsCount: 3,
  ...p,
});

describe("contacts table", () => {
  it("shows a row's columns, and labels when the labels feature provides them", () => {
    render(
      <ContactsTable
        rows={[
          row({ labels: [{ id: "00000000-0000-4000-8000-0000000000aa", name: "VIP", color: "#f59e0b" }] }),
          row({ id: "00000000-0000-4000-8000-000000000002", name: null, email: null, phone: null, channelTypes: [] }),
        ]}
        sort={{ sort: "createdAt", dir: "desc" }}
        onSort={() => {}}
        selectedId={null}
        hasMore={false}
        loadingMore={false}
        onLoadMore={() => {}}
      />,
    );
    const [first, second] = screen.getAllByTestId("contact-row");
    expect(within(first!).getByText("+14155550100")).toBeTruthy();
    expect(within(first!).getByText("VIP")).toBeTruthy();
    expect(within(first!).getByText("3")).toBeTruthy();
    expect(within(second!).getByText(/^Visitor /)).toBeTruthy();
    expect(within(second!).getAllByText("—").length).toBeGreaterThan(2);
  });

  it("sorts by a column; a second click flips the direction; names start A→Z", () => {
    const onSort = vi.fn();
    const { rerender } = render(
      <ContactsTable
        rows={[row({})]}
        sort={{ sort: "createdAt", dir: "desc" }}
        onSort={onSort}
        selectedId={null}
        hasMore={false}
        loadingMore={false}
        onLoadMore={() => {}}
      />,
    );
    fireEvent.click(screen.getByTestId("sort-name"));
    expect(onSort).toHaveBeenLastCalledWith({ sort: "name", dir: "asc" });
    fireEvent.click(screen.getByTestId("sort-conversations"));
    expect(onSort).toHaveBeenLastCalledWith({ sort: "conversations", dir: "desc" });
    rerender(
      <ContactsTable
        rows={[row({})]}
        sort={{ sort: "name", dir: "asc" }}
        onSort={onSort}
        selectedId={null}
        hasMore={false}
        loadingMore={false}
        onLoadMore={() => {}}
      />,
    );
    expect(screen.getByTestId("sort-name").closest("th")!.getAttribute("aria-sort")).toBe("ascending");
    fireEvent.click(screen.getByTestId("sort-name"));
    expect(onSort).toHaveBeenLastCalledWith({ sort: "name", dir: "desc" });
  });

  it("sends the same filter to the list and the CSV export, leaving unset filters out", () => {
    expect(tableQuery({ ...defaultTableFilter, q: "  +1 415 ", hasPhone: true })).toEqual({
      q: "+1 415",
      channel: undefined,
      hasPhone: true,
      hasEmail: undefined,
      sort: "createdAt",
      dir: "desc",
    });
  });
});
