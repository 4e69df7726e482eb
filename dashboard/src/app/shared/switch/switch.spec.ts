import { TestbedHarnessEnvironment } from "@angular/cdk/testing/testbed";
import { Component, signal } from "@angular/core";
import { TestBed } from "@angular/core/testing";
import { Switch } from "./switch";
import { SwitchHarness } from "./switch.harness";

@Component({
  imports: [Switch],
  template: `<cc-switch label="Kill switch" [checked]="on()" (toggled)="asked.push($event)" />`,
})
class Host {
  readonly on = signal(false);
  readonly asked: boolean[] = [];
}

describe("Switch", () => {
  it("announces its state as a switch and in words, and only asks for the other state", async () => {
    const fixture = TestBed.createComponent(Host);
    const toggle = await TestbedHarnessEnvironment.loader(fixture).getHarness(SwitchHarness);
    const button = (fixture.nativeElement as HTMLElement).querySelector('[role="switch"]')!;
    expect(button.getAttribute("aria-checked")).toBe("false");
    expect(button.textContent).toContain("Off");
    await toggle.toggle();
    expect(fixture.componentInstance.asked).toEqual([true]);
    // The owner decides: until it sets `checked`, the switch stays as it was.
    expect(await toggle.isChecked()).toBeFalse();
    fixture.componentInstance.on.set(true);
    expect(await toggle.isChecked()).toBeTrue();
    expect(button.textContent).toContain("On");
  });
});
