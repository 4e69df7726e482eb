import { auditCsv } from "./audit-entries";
import { csvCell, toCsv } from "./csv";

describe("CSV export", () => {
  it("neutralises cells a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("https://evil.example")')).toBe('"\'=HYPERLINK(""https://evil.example"")"');
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe('"\'\r=1"');
  });

  it("leaves ordinary text alone and quotes commas, quotes and line breaks", () => {
    expect(csvCell("ada@example.com")).toBe("ada@example.com");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(3)).toBe("3");
  });

  it("writes a header and one CRLF-terminated line per row", () => {
    expect(toCsv(["a", "b"], [["1", null]])).toBe("a,b\r\n1,\r\n");
  });

  it("exports audit entries with usernames someone chose made harmless", () => {
    const csv = auditCsv([
      {
        id: "x",
        time: "2026-11-21T10:00:00.000Z",
        phase: "result",
        action: "passkey_delete",
        actor: { sub: "s-1", username: "=cmd|'/c calc'!A1", groups: ["admins"] },
        target: "@target",
        details: { passkeyId: "pk1" },
        result: "ok",
        errorCode: null,
        requestId: "r-1",
        sourceIp: "203.0.113.9",
        userAgent: "-agent",
      },
    ]);
    const [header, row] = csv.split("\r\n");
    expect(header).toBe(
      "time,phase,action,result,errorCode,actorUsername,actorSub,actorGroups,target,details,requestId,sourceIp,userAgent",
    );
    expect(row).toBe(
      "2026-11-21T10:00:00.000Z,result,passkey_delete,ok,,'=cmd|'/c calc'!A1,s-1,admins,'@target," +
        '"{""passkeyId"":""pk1""}",r-1,203.0.113.9,\'-agent',
    );
  });
});
